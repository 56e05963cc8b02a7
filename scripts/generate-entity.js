#!/usr/bin/env node
// `npm run generate:entity -- <name> [--singular <word>]`: writes src/<folder>/ for a new entity
// (module, entity, service, thin tool provider with the standard 5 tools, DTOs, output schema,
// instructions fragment, world fragment, e2e test) and adds its module to src/app.module.ts.
// Then `npm run migration:generate -- migrations/<Name>` makes its migration (README, "Add an entity").
//
// A plain Node script rather than a Nest CLI schematic: no template engine or devkit to learn, and
// the templates below are ordinary TypeScript in template strings. What keeps them true is
// test/recipe/entity-recipe.recipe-spec.ts (`npm run test:recipe`, run by CI): it generates an
// entity into a copy of the project, builds, lints, migrates, starts and calls it, and runs the
// catalogue-wide suites over it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { formatFiles } = require('./format-files');
const src = path.join(root, 'src');

// ---------------------------------------------------------------------------------------------
// names

/** Names the project already uses for something else (a scope keyword, a module, a world key). */
const RESERVED = new Set([
  'all', // `--scopes all`
  'api', 'app', 'main', 'cli', 'mcp', 'common', 'config', 'database', 'auth', 'tenancy', 'tenants', 'users', 'oauth', 'settings',
  'audit', 'ops', 'idempotency', 'crypto', 'numbering', 'webhooks', 'health', 'metrics', 'tools', 'resources', 'prompts',
  'test', 'tests', 'dist', 'src', 'migrations', 'scripts', 'node_modules', 'docs',
]);

function fail(message) {
  process.stderr.write(`generate:entity: ${message}\n`);
  process.exit(1);
}

const usage = 'usage: npm run generate:entity -- <name> [--singular <word>]\n' +
  '  <name>: the entity, plural, lower case, words joined by - or _ (e.g. equipment, service-areas);\n' +
  '  it names the folder (src/service-areas), the tools (service_areas.list) and the table (service_areas).\n' +
  '  --singular: the singular when it is not <name> without its plural ending (e.g. --singular person for people)';

function parse(argv) {
  const args = [...argv];
  let name;
  let singular;
  while (args.length) {
    const a = args.shift();
    if (a === '--help' || a === '-h') {
      process.stdout.write(usage + '\n');
      process.exit(0);
    } else if (a === '--singular') {
      singular = args.shift();
      if (singular === undefined) fail(`--singular needs a word\n${usage}`);
    }
    else if (a.startsWith('--singular=')) singular = a.slice('--singular='.length);
    else if (a.startsWith('-')) fail(`unknown option ${a}\n${usage}`);
    else if (name === undefined) name = a;
    else fail(`one name only (got "${name}" and "${a}")\n${usage}`);
  }
  if (name === undefined) fail(`a name is needed\n${usage}`);
  return { name, singular };
}

// tool names are `<entity>.<verb>` with [a-z_] only (src/mcp/tool-registry.ts), so no digits
const WORDS = /^[a-z]+(?:[-_][a-z]+)*$/;

function singularOf(plural) {
  if (/ies$/.test(plural)) return plural.replace(/ies$/, 'y');
  if (/(ss|x|z|ch|sh)es$/.test(plural)) return plural.replace(/es$/, '');
  if (/[^s]s$/.test(plural)) return plural.replace(/s$/, '');
  return plural; // equipment, staff: the same word
}

/** Table names created by the migrations (some tables, e.g. webhooks', have no entity). */
function existingTables() {
  const dir = path.join(root, 'migrations');
  const tables = new Set();
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?/gi)) tables.add(m[1].toLowerCase());
  }
  return tables;
}

/** Tool prefixes already declared by @McpTool names. */
function existingEntities() {
  const found = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/name:\s*'([a-z_]+)\.[a-z_]+'/g)) found.add(m[1]);
    }
  };
  walk(src);
  return found;
}

function namesOf(rawName, rawSingular) {
  if (!WORDS.test(rawName)) {
    fail(`"${rawName}" is not a usable entity name: lower-case letters only, words joined by - or _ (e.g. equipment, service-areas); it becomes a folder, tool names and a table`);
  }
  const words = rawName.split(/[-_]/);
  const sWords = rawSingular === undefined ? [...words.slice(0, -1), singularOf(words[words.length - 1])] : rawSingular.split(/[-_ ]/);
  if (rawSingular !== undefined && !WORDS.test(sWords.join('-'))) fail(`--singular "${rawSingular}" is not a usable name: lower-case letters only, words joined by - or _`);
  const pascal = (ws) => ws.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const n = {
    folder: words.join('-'), // service-areas
    entity: words.join('_'), // service_areas: tool prefix, scopes, toolset, table
    Plural: pascal(words), // ServiceAreas
    Singular: pascal(sWords), // ServiceArea
    file: sWords.join('-'), // service-area (.entity.ts, dto/*.ts)
    CONST: sWords.join('_').toUpperCase(), // SERVICE_AREA
    human: sWords.join(' '), // service area
    humans: words.join(' '), // service areas
  };
  if (n.entity.length > 40) fail(`"${rawName}" is too long (at most 40 characters: PostgreSQL names such as fk_${n.entity}_tenant must stay under 63)`);
  if (RESERVED.has(n.entity) || RESERVED.has(n.folder)) fail(`"${rawName}" is reserved: the project uses it for something else (${[...RESERVED].join(', ')})`);
  const folder = path.join(src, n.folder);
  if (fs.existsSync(folder)) fail(`src/${n.folder} already exists: pick another name (or remove the folder if it is a failed earlier run)`);
  // another spelling of an existing folder (job_series for job-series) or an existing tool prefix
  const taken = fs.readdirSync(src).find((f) => f.replace(/-/g, '_') === n.entity);
  if (taken) fail(`"${rawName}" is the entity of src/${taken}: pick another name`);
  if (existingEntities().has(n.entity)) fail(`tools named ${n.entity}.* already exist: pick another name`);
  if (existingTables().has(n.entity)) fail(`a table named ${n.entity} already exists (see migrations/): pick another name`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// templates (kept in the shape of src/tax-rates and src/tags; see README, "Add an entity")

const t = {
  module: (n) => `import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ${n.Singular} } from './${n.file}.entity';
import { ${n.Plural}Service } from './${n.folder}.service';
import { ${n.Plural}Tools } from './${n.folder}.tools';

// The module owns its table (forFeature). Another module that needs ${n.humans} imports this module
// and uses ${n.Plural}Service; this module imports the modules whose exported services it uses.
@Module({ imports: [TypeOrmModule.forFeature([${n.Singular}])], providers: [${n.Plural}Service, ${n.Plural}Tools], exports: [${n.Plural}Service] })
export class ${n.Plural}Module {}
`,

  entity: (n) => `import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('${n.entity}')
// its primary key is (tenant_id, id) (TenantOwned): another tenant-owned table references a ${n.human} with a composite foreign key to it
@Index('idx_${n.entity}_tenant_name', ['tenantId', 'name'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_${n.entity}_tenant', onDelete: 'CASCADE' })
export class ${n.Singular} extends TenantOwned {
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
`,

  inputs: (n) => `import { IsBoolean, IsString, Length, MaxLength } from 'class-validator';
import { Doc, IsId, Nullable, Optional, PageInput, Trim } from '../../common/validation';

export class Create${n.Singular}Input {
  @Doc('what the ${n.human} is called') @IsString() @Trim() @Length(1, 200) name!: string;
  @Doc('free text') @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
}

export class Update${n.Singular}Input {
  @Doc('the ${n.human}') @IsId() id!: string;
  @Doc('new name') @Optional() @IsString() @Trim() @Length(1, 200) name?: string;
  @Doc('free text; null clears it') @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class List${n.Plural}Input extends PageInput {
  @Doc('case-insensitive substring of the name') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('include archived ${n.humans}; default false (true for a sync with updated_since)') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class ${n.Singular}IdInput {
  @Doc('the ${n.human}') @IsId() id!: string;
}
`,

  output: (n) => `import { iso } from '../../common/entity.base';
import { nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { ${n.Singular} } from '../${n.file}.entity';

export function to${n.Singular}Output(r: ${n.Singular}) {
  return {
    id: r.id,
    tenant_id: r.tenantId,
    name: r.name,
    description: r.description,
    archived_at: iso(r.archivedAt),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

export const ${n.CONST}_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  name: str(),
  description: nullable(str()),
  archived_at: nullable(timestamp()),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const ${n.CONST}_PAGE_OUTPUT = pageSchema(${n.CONST}_OUTPUT);
`,

  service: (n) => `import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { NotFound } from '../common/errors';
import { assignFields, FieldMap } from '../common/fields';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { Create${n.Singular}Input, List${n.Plural}Input, Update${n.Singular}Input } from './dto/${n.file}.inputs';
import { to${n.Singular}Output } from './dto/${n.file}.output';
import { ${n.Singular} } from './${n.file}.entity';

// Which column each argument sets: a field added to a DTO and not here is a type error.
const FIELDS: FieldMap<Create${n.Singular}Input, ${n.Singular}> = {
  name: 'name',
  description: 'description',
};
const UPDATE_FIELDS: FieldMap<Update${n.Singular}Input, ${n.Singular}, 'id' | 'archived'> = FIELDS;

// The rules of ${n.humans}. Every query is filtered by ctx.tenantId; ctx.em is the call's one
// EntityManager (the gateway's transaction for a write, with its audit row and idempotency record).
// Another module's rows only through that module's exported service (e.g. CustomersService.ensureInTenant).
@Injectable()
export class ${n.Plural}Service {
  async list(ctx: ToolContext, input: List${n.Plural}Input) {
    const { page, offset, limit } = pageOf(input);
    const qb = ctx.em.createQueryBuilder(${n.Singular}, 'r').where('r.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'r', input);
    if (!withArchived(input)) qb.andWhere('r.archived_at IS NULL');
    if (input.q) qb.andWhere('r.name ILIKE :q', { q: likePattern(input.q) });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'r', sync, (q) => q.orderBy('lower(r.name)', 'ASC').addOrderBy('r.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(to${n.Singular}Output), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return to${n.Singular}Output(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: Create${n.Singular}Input) {
    const row = ctx.em.create(${n.Singular}, { tenantId: ctx.tenantId, archivedAt: null });
    assignFields(row, input, FIELDS, 'null');
    return to${n.Singular}Output(await ctx.em.save(row));
  }

  async update(ctx: ToolContext, input: Update${n.Singular}Input) {
    const row = await this.find(ctx, input.id, true);
    assignFields(row, input, UPDATE_FIELDS, 'keep');
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return to${n.Singular}Output(await ctx.em.save(row));
  }

  /** Archiving hides the ${n.human} from lists (includeArchived shows it); update {archived:false} restores it. */
  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await ctx.em.save(row);
    }
    return to${n.Singular}Output(row);
  }

  /** The tenant's ${n.human} (locked for a write), else not_found: another tenant's id is answered as one that does not exist. */
  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<${n.Singular}> {
    const row = await ctx.em.findOne(${n.Singular}, {
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('${n.human}', id);
    return row;
  }
}
`,

  tools: (n) => `import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpInstructions } from '../mcp/mcp-instructions';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { Create${n.Singular}Input, List${n.Plural}Input, ${n.Singular}IdInput, Update${n.Singular}Input } from './dto/${n.file}.inputs';
import { ${n.CONST}_OUTPUT, ${n.CONST}_PAGE_OUTPUT } from './dto/${n.file}.output';
import { INSTRUCTIONS } from './${n.folder}.instructions';
import { ${n.Plural}Service } from './${n.folder}.service';

// The tools of ${n.humans}: thin, the rules are in the service. The scope of each tool names its
// entity (read:${n.entity} / write:${n.entity}); keys, toolsets and \`--scopes all\` follow from it.
@McpInstructions(INSTRUCTIONS)
@Injectable()
export class ${n.Plural}Tools {
  constructor(private readonly service: ${n.Plural}Service) {}

  @McpTool({
    name: '${n.entity}.list',
    scope: 'read:${n.entity}',
    input: List${n.Plural}Input,
    output: ${n.CONST}_PAGE_OUTPUT,
    description: 'List ${n.humans} by name; archived ones are hidden unless includeArchived. Example: {"q":"van"}',
  })
  list(input: List${n.Plural}Input, ctx: ToolContext) {
    return this.service.list(ctx, input);
  }

  @McpTool({
    name: '${n.entity}.get',
    scope: 'read:${n.entity}',
    input: ${n.Singular}IdInput,
    output: ${n.CONST}_OUTPUT,
    description: 'Get one ${n.human} by id, archived or not. Example: {"id":"<uuid>"}',
  })
  get(input: ${n.Singular}IdInput, ctx: ToolContext) {
    return this.service.get(ctx, input.id);
  }

  @McpTool({
    name: '${n.entity}.create',
    scope: 'write:${n.entity}',
    input: Create${n.Singular}Input,
    output: ${n.CONST}_OUTPUT,
    description: 'Add a ${n.human}. Example: {"name":"Van 1","description":"the white one"}',
  })
  create(input: Create${n.Singular}Input, ctx: ToolContext) {
    return this.service.create(ctx, input);
  }

  @McpTool({
    name: '${n.entity}.update',
    scope: 'write:${n.entity}',
    input: Update${n.Singular}Input,
    output: ${n.CONST}_OUTPUT,
    description: 'Change a ${n.human}: only the fields sent change, description null clears it, archived false restores. Example: {"id":"<uuid>","name":"Van 2"}',
  })
  update(input: Update${n.Singular}Input, ctx: ToolContext) {
    return this.service.update(ctx, input);
  }

  @McpTool({
    name: '${n.entity}.archive',
    scope: 'write:${n.entity}',
    input: ${n.Singular}IdInput,
    output: ${n.CONST}_OUTPUT,
    description: 'Archive a ${n.human}: hidden from lists unless includeArchived; update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: ${n.Singular}IdInput, ctx: ToolContext) {
    return this.service.archive(ctx, input.id);
  }
}
`,

  instructions: (n) => `// ${n.entity}' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// ${n.entity} before it reads a tool — what it is, how it links, its statuses. Shown as \`- ${n.entity}: <this>\`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = "the business's ${n.humans}, each with a name and a description.";
`,

  world: (n) => `import { byId, defineWorld, uniq } from '../../test/support/world';

// ${n.entity} in the test world (format: test/support/world.ts): its record and a throwaway, and a
// valid call for each of its tools, for the world, isolation and fuzz suites.
export default defineWorld({
  entity: '${n.entity}',
  needs: [],
  seed: async ({ create }) => ({
    id: await create('${n.entity}.create', { name: uniq('World ${n.human}'), description: 'seeded' }),
    throwaway: await create('${n.entity}.create', { name: uniq('Throwaway ${n.human}') }),
  }),
  calls: ({ ids, throwaway }) => ({
    '${n.entity}.create': () => ({ name: uniq('${n.Singular}'), description: 'made by a test' }),
    '${n.entity}.get': byId(ids.${n.entity}),
    '${n.entity}.list': () => ({ q: 'World', includeArchived: true, page: 1 }),
    '${n.entity}.update': () => ({ id: ids.${n.entity}, description: 'changed by a test' }),
    '${n.entity}.archive': byId(throwaway.${n.entity}),
  }),
});
`,

  e2e: (n) => `import { randomUUID } from 'node:crypto';
import { expectError, newTenant, startApp, TestApp, TestTenant } from '../../test/support/app';
import { runCli } from '../../test/support/cli';

// ${n.Plural} through the MCP endpoint: the five tools, paging and sync, tenant isolation,
// validation, idempotent retries and the audit trail. (The catalogue-wide suites cover it too:
// isolation matrix and fuzzing, through ${n.folder}.world.ts.)
describe('${n.entity} tools', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  it('create, get, list, update, archive', async () => {
    const c = a.client;
    const made = await c.call('${n.entity}.create', { name: '  Alpha  ', description: 'first' });
    expect(made).toMatchObject({ name: 'Alpha', description: 'first', tenant_id: a.tenantId, archived_at: null });
    expect(await c.call('${n.entity}.get', { id: made.id })).toEqual(made);
    await c.call('${n.entity}.create', { name: 'beta' });
    expect((await c.call('${n.entity}.list', {})).data.map((r: any) => r.name)).toEqual(['Alpha', 'beta']);
    expect((await c.call('${n.entity}.list', { q: 'ALP' })).data.map((r: any) => r.id)).toEqual([made.id]);
    const changed = await c.call('${n.entity}.update', { id: made.id, description: null });
    expect(changed).toMatchObject({ name: 'Alpha', description: null });
    const archived = await c.call('${n.entity}.archive', { id: made.id });
    expect(archived.archived_at).toEqual(expect.any(String));
    expect((await c.call('${n.entity}.list', {})).data.map((r: any) => r.name)).toEqual(['beta']);
    expect((await c.call('${n.entity}.list', { includeArchived: true })).count).toBe(2);
    expect(await c.call('${n.entity}.update', { id: made.id, archived: false })).toMatchObject({ archived_at: null });
  });

  it('pages by 20 and syncs by updated_at with an after cursor', async () => {
    const b = await newTenant(t);
    for (let i = 0; i < 21; i++) await b.client.call('${n.entity}.create', { name: \`item \${String(i).padStart(2, '0')}\` });
    const first = await b.client.call('${n.entity}.list', {});
    expect([first.count, first.data.length, first.limit]).toEqual([21, 20, 20]);
    expect((await b.client.call('${n.entity}.list', { page: 2 })).data.map((r: any) => r.name)).toEqual(['item 20']);
    const sync = await b.client.call('${n.entity}.list', { updated_since: '2000-01-01T00:00:00Z', sort: 'updated_at' });
    const last = sync.data[19];
    const rest = await b.client.call('${n.entity}.list', { updated_since: last.updated_at, sort: 'updated_at', after: last.id });
    expect([...sync.data, ...rest.data].map((r: any) => r.id).sort()).toEqual([...first.data, ...(await b.client.call('${n.entity}.list', { page: 2 })).data].map((r: any) => r.id).sort());
  });

  it("another tenant's ${n.human} is not_found, like one that exists nowhere", async () => {
    const mine = await a.client.call('${n.entity}.create', { name: 'private' });
    const other = await newTenant(t);
    for (const tool of ['get', 'update', 'archive']) await expectError(other.client.call(\`${n.entity}.\${tool}\`, { id: mine.id }), 'not_found');
    await expectError(other.client.call('${n.entity}.get', { id: randomUUID() }), 'not_found');
    expect((await other.client.call('${n.entity}.list', { q: 'private' })).count).toBe(0);
  });

  it('refuses bad input naming the field', async () => {
    const err = await expectError(a.client.call('${n.entity}.create', { name: '   ' }), 'invalid_input');
    expect(err.data.issues.map((i: any) => i.path)).toContain('name');
    const bad = await expectError(a.client.call('${n.entity}.get', { id: 'nope' }), 'invalid_input');
    expect(bad.data.issues.map((i: any) => i.path)).toContain('id');
  });

  it('a retried create with the same Idempotency-Key writes once, and every write is audited', async () => {
    const key = randomUUID();
    const call = () => a.client.rpc('tools/call', { name: '${n.entity}.create', arguments: { name: 'once' } }, { 'idempotency-key': key });
    const [first, again] = [await call(), await call()];
    expect(again.body.result.structuredContent).toEqual(first.body.result.structuredContent);
    expect((await a.client.call('${n.entity}.list', { q: 'once' })).count).toBe(1);
    // the audit trail, as the operator reads it (zoop-admin audit:list)
    const audit = await runCli('audit:list', '--tenant', a.tenantId, '--json');
    const tools = JSON.parse(audit.out).data.map((r: any) => r.tool);
    expect(tools.filter((tool: string) => tool === '${n.entity}.create').length).toBeGreaterThan(1);
    expect(tools).toEqual(expect.arrayContaining(['${n.entity}.update', '${n.entity}.archive']));
  });
});
`,
};

// ---------------------------------------------------------------------------------------------
// app.module.ts: one import and one entry at the end of AppModule's imports list

function addToAppModule(n) {
  const file = path.join(src, 'app.module.ts');
  let text = fs.readFileSync(file, 'utf8');
  const cls = `${n.Plural}Module`;
  const importLine = `import { ${cls} } from './${n.folder}/${n.folder}.module';\n`;
  const imports = [...text.matchAll(/^import [^;]*;\n/gm)];
  if (!imports.length) fail('src/app.module.ts has no import statement to add the module after');
  const last = imports[imports.length - 1];
  text = text.slice(0, last.index + last[0].length) + importLine + text.slice(last.index + last[0].length);
  // the list of entity modules (`ENTITY_MODULES = [`, which the admin CLI loads too), else AppModule's
  // `imports: [`; the entry goes last, before the list's matching closing bracket
  const anchor = text.includes('ENTITY_MODULES = [') ? 'ENTITY_MODULES = [' : 'imports: [';
  const open = anchor === 'imports: [' ? text.lastIndexOf(anchor) : text.indexOf(anchor);
  if (open < 0) fail('src/app.module.ts has no `ENTITY_MODULES = [` or `imports: [` list to add the module to');
  let depth = 0;
  let close = -1;
  for (let i = open + anchor.length - 1; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) fail('src/app.module.ts: the `imports: [` list is not closed');
  const before = text.slice(0, close).replace(/\s*$/, '');
  const indent = (before.match(/\n([ \t]*)[^\n]*$/) ?? [, '  '])[1];
  const comma = before.endsWith(',') || before.endsWith('[') ? '' : ',';
  const closingIndent = text.slice(0, close).match(/([ \t]*)$/)[1];
  text = `${before}${comma}\n${indent}${cls},\n${closingIndent}${text.slice(close)}`;
  fs.writeFileSync(file, text);
  return file;
}

async function main() {
  const { name, singular } = parse(process.argv.slice(2));
  const n = namesOf(name, singular);
  const dir = path.join(src, n.folder);
  const files = {
    [`${n.folder}.module.ts`]: t.module(n),
    [`${n.file}.entity.ts`]: t.entity(n),
    [`${n.folder}.service.ts`]: t.service(n),
    [`${n.folder}.tools.ts`]: t.tools(n),
    [`dto/${n.file}.inputs.ts`]: t.inputs(n),
    [`dto/${n.file}.output.ts`]: t.output(n),
    [`${n.folder}.instructions.ts`]: t.instructions(n),
    [`${n.folder}.world.ts`]: t.world(n),
    [`${n.folder}.e2e-spec.ts`]: t.e2e(n),
  };
  const written = [];
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text, { flag: 'wx' });
    written.push(f);
  }
  await formatFiles(root, written); // the new files only: app.module.ts gets two lines in its own layout
  addToAppModule(n);
  const Name = `Add${n.Plural}`;
  process.stdout.write(
    [
      `wrote src/${n.folder}/ (${Object.keys(files).join(', ')}) and added ${n.Plural}Module to src/app.module.ts`,
      `tools: ${n.entity}.list, ${n.entity}.get, ${n.entity}.create, ${n.entity}.update, ${n.entity}.archive (scopes read:${n.entity}, write:${n.entity})`,
      'next (README, "Add an entity"):',
      `  npm run migration:generate -- migrations/${Name}   # its table (runs the pending migrations first)`,
      '  npm start                                   # builds, migrates, serves its tools',
      `  npx jest --runInBand src/${n.folder}/${n.folder}.e2e-spec.ts test/world.e2e-spec.ts test/isolation.e2e-spec.ts`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) main().catch((err) => fail(err.stack ?? String(err)));
module.exports = { templates: t, namesOf };
