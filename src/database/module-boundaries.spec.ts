import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Modules own their tables (issue 16): a module's code never names another module's table in SQL.
// ESLint (eslint.config.mjs) refuses imports of another module's entity; SQL is text, which a lint
// rule cannot read well, so this spec does: it derives which module owns which table from the
// @Entity classes (plus the raw-SQL tables listed in cross-module-exceptions.json), scans every
// module's .ts files for SQL naming another module's table, and fails unless the file is on the
// one exception list. No database needed.

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const config = JSON.parse(readFileSync(join(__dirname, 'cross-module-exceptions.json'), 'utf8')) as {
  exceptions: { file: string; tables: string[]; entities: string[]; why: string }[];
  rawTables: Record<string, string>;
};

const files = (readdirSync(SRC, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => relative(ROOT, join(SRC, f)).split('\\').join('/'));
const moduleOf = (file: string) => file.split('/')[1];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** table -> owning module folder, from the @Entity('table') classes and the raw-SQL tables. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files.filter((f) => f.endsWith('.entity.ts'))) {
    for (const [, table] of read(f).matchAll(/@Entity\(\s*'(\w+)'/g)) owners.set(table, moduleOf(f));
  }
  for (const [table, owner] of Object.entries(config.rawTables)) if (!table.startsWith('$')) owners.set(table, owner);
  return owners;
}

/** The string literals of a source file (comments dropped), where SQL lives. */
function literals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  return code.match(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/g) ?? [];
}

/** Tables a piece of SQL reads or writes: the word after FROM / JOIN / INTO / UPDATE / TABLE (SQL keywords are upper case here). */
export function sqlTables(text: string): string[] {
  return [...text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g)].map((m) => m[1]);
}

/** For each non-entity, non-spec file: the other modules' tables its SQL names. */
function foreignTables(owners: Map<string, string>): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const f of files) {
    if (/\.(entity|spec|e2e-spec|world)\.ts$/.test(f) || !f.slice(4).includes('/')) continue;
    const mine = moduleOf(f);
    const source = read(f);
    // SQL text, and table names given to a query builder as strings (.from('jobs'), .innerJoin('tags', …))
    const named = [...source.matchAll(/\.(?:from|into|update|(?:inner|left)Join(?:AndSelect|AndMapOne|AndMapMany)?)\(\s*['"`](\w+)['"`]/g)].map((m) => m[1]);
    for (const lit of [...literals(source), named.map((t) => `FROM ${t}`).join(' ')]) {
      for (const table of sqlTables(lit)) {
        const owner = owners.get(table);
        if (owner && owner !== mine) found.set(f, (found.get(f) ?? new Set()).add(table));
      }
    }
  }
  return found;
}

describe('module boundaries', () => {
  const owners = tableOwners();

  it('sees the tables and their owners (the scan has something to check)', () => {
    expect(owners.get('customers')).toBe('customers');
    expect(owners.get('customer_tags')).toBe('tags');
    expect(owners.get('job_line_items')).toBe('jobs');
    expect(owners.get('webhook_events')).toBe('webhooks');
    expect(sqlTables('SELECT 1 FROM customers c JOIN "tags" t ON true')).toEqual(['customers', 'tags']);
    expect(sqlTables('pick a customer from tags.list')).toEqual([]);
  });

  it("no module's SQL names another module's table, except the listed exceptions", () => {
    const allowed = new Map(config.exceptions.map((e) => [e.file, new Set(e.tables)]));
    const offences: string[] = [];
    for (const [file, tables] of foreignTables(owners)) {
      for (const t of tables) {
        if (!allowed.get(file)?.has(t)) {
          offences.push(
            `${file} names the table ${t} (owned by src/${owners.get(t)}/): go through that module's exported service, ` +
              `or add {file, tables, why} to src/database/cross-module-exceptions.json`,
          );
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('every exception is still needed and says why (a stale one is removed, not kept)', () => {
    const found = foreignTables(owners);
    const stale = config.exceptions.flatMap((e) => {
      const problems: string[] = [];
      if (!e.why || e.why.length < 20) problems.push(`${e.file}: give the reason`);
      if (!files.includes(e.file)) problems.push(`${e.file}: no such file`);
      for (const t of e.tables) if (!found.get(e.file)?.has(t)) problems.push(`${e.file}: no longer names ${t}`);
      for (const name of e.entities) {
        if (!new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '\\.\\./[\\w-]+/[\\w.-]+\\.entity'`).test(read(e.file))) problems.push(`${e.file}: no longer imports ${name}`);
      }
      return problems;
    });
    expect(stale).toEqual([]);
  });

  it('every entity is registered with TypeOrmModule.forFeature by a module of its own folder', () => {
    const missing: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.entity.ts'))) {
      const folder = f.split('/').slice(0, 2).join('/');
      const registered = files
        .filter((m) => m.startsWith(`${folder}/`) && m.endsWith('.module.ts'))
        .flatMap((m) => [...read(m).matchAll(/TypeOrmModule\.forFeature\(\[([^\]]*)\]\)/g)].flatMap((x) => x[1].split(',').map((s) => s.trim())));
      for (const [, cls] of read(f).matchAll(/@Entity\([^)]*\)[\s\S]*?export class (\w+)/g)) if (!registered.includes(cls)) missing.push(`${cls} (${f})`);
    }
    expect(missing).toEqual([]);
  });
});
