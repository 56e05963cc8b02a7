import { randomUUID } from 'node:crypto';
import { RpcError, startApp, TestApp } from './support/app';
import { hasPath, Ref, referencePaths, withPath } from './support/schema-refs';
import { Args, referenceAliases, seedWorld, validCalls, variantCalls, World, WorldIds } from './support/world';

// The tenant isolation matrix, generated from the tool catalogue: for every tool and every
// reference its inputSchema declares (found by walking the schema, at any depth), tenant B makes
// one of its own valid calls with that one reference replaced by tenant A's record. The answer
// must be not_found or invalid_input (a list or search filter such as customerId narrows rather
// than fetches, so there an empty page does too), it must be exactly the answer B gets for an id
// that exists nowhere (so it tells B nothing about A), and none of A's rows may change. A new tool, or a new id
// argument on an old one, is in the matrix as soon as it is in tools/list.

/**
 * Which of A's records a reference names: `id` is the tool's own entity, else the field's stem
 * (or an alias a world fragment declares: `category` → catalog_categories).
 */
const ALIASES: Record<string, keyof WorldIds> = referenceAliases();
function entityOf(tool: string, field: string, ids: WorldIds): keyof WorldIds | undefined {
  if (field === 'id') return tool.split('.')[0] as keyof WorldIds;
  const stem = field.replace(/(_ids|Ids|_id|Id)$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const key of [stem, `${stem}s`, ALIASES[stem]]) if (key && key in ids) return key as keyof WorldIds;
  return undefined;
}

/** A fingerprint of every row of every tenant-owned table that belongs to `tenantId`. */
async function snapshot(t: TestApp, tenantId: string): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = await t.ds.query(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_schema = current_schema() ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    // job_counts holds signed deltas that a background compactor folds: what it says is the sum per status
    const rows =
      table_name === 'job_counts'
        ? `(SELECT status, sum(n) AS n FROM job_counts WHERE tenant_id = $1 GROUP BY status HAVING sum(n) <> 0)`
        : `(SELECT * FROM "${table_name}" WHERE tenant_id = $1)`;
    const [row] = await t.ds.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS h FROM ${rows} r`, [tenantId]);
    out[table_name] = `${row.n}:${row.h}`;
  }
  return out;
}

describe("tenant isolation matrix: every reference in every tool, with another tenant's id", () => {
  let t: TestApp;
  let a: World;
  let b: World;
  let tools: { name: string; inputSchema: any; annotations?: any }[];
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    a = await seedWorld(t);
    b = await seedWorld(t);
    tools = await b.tenant.client.tools();
  });
  afterAll(() => t.close());

  it('finds the references by walking the schemas, nested line items included', () => {
    const refs = (name: string) => referencePaths(tools.find((tool) => tool.name === name)!.inputSchema).map((r) => r.path.join('.'));
    expect(refs('invoices.create')).toEqual(expect.arrayContaining(['customer_id', 'job_id', 'tax_rate_id', 'line_items.[].catalog_item_id']));
    expect(refs('customers.update')).toEqual(expect.arrayContaining(['id', 'tag_ids']));
    expect(refs('jobs.list')).toEqual(expect.arrayContaining(['customerId', 'seriesId']));
    expect(refs('tags.list')).toEqual([]);
    // the matrix below is not empty by accident
    expect(tools.flatMap((tool) => referencePaths(tool.inputSchema)).length).toBeGreaterThan(80);
  });

  it("every tool that takes a reference refuses tenant A's record to tenant B and leaves A unchanged", async () => {
    const bCalls = validCalls(b);
    const bVariants = variantCalls(b);
    const problems: string[] = [];
    let cases = 0;
    let refCount = 0;
    for (const tool of tools) {
      const refs: Ref[] = referencePaths(tool.inputSchema);
      if (refs.length === 0) continue;
      const argSets: Args[] = [bCalls[tool.name](), ...(bVariants[tool.name] ?? []).map((v) => v())];
      const before = await snapshot(t, a.tenant.tenantId);
      for (const ref of refs) {
        refCount++;
        const where = `${tool.name} ${ref.path.join('.')}`;
        const entity = entityOf(tool.name, ref.field, a.ids);
        if (!entity) {
          problems.push(`${where}: no idea which record this reference names; declare its stem in the entity's world fragment (aliases)`);
          continue;
        }
        const carriers = argSets.filter((args) => hasPath(args, ref.path));
        if (carriers.length === 0) {
          problems.push(`${where}: no valid call of tenant B carries it; add one to the variants of the tool's world fragment (src/<folder>/<folder>.world.ts)`);
          continue;
        }
        const foreignId = a.ids[entity];
        const nowhereId = randomUUID();
        const answer = (args: Args) =>
          b.tenant.client.call(tool.name, args).then(
            (result) => ({ result }),
            (error) =>
              error instanceof RpcError ? { error: { code: error.code, kind: error.data?.kind, message: error.message, issues: error.data?.issues } } : { thrown: String(error) },
          );
        for (const args of carriers) {
          cases++;
          const foreign: any = await answer(withPath(args, ref.path, ref.many ? [foreignId] : foreignId));
          const nowhere: any = await answer(withPath(args, ref.path, ref.many ? [nowhereId] : nowhereId));
          const listFilter = tool.annotations?.readOnlyHint && Array.isArray(foreign.result?.data);
          if (foreign.thrown) problems.push(`${where}: ${foreign.thrown}`);
          else if (foreign.result && !(listFilter && foreign.result.count === 0))
            problems.push(`${where}: answered with a result: ${JSON.stringify(foreign.result).slice(0, 300)}`);
          else if (foreign.error && !['not_found', 'invalid_input'].includes(foreign.error.kind)) problems.push(`${where}: ${foreign.error.kind}: ${foreign.error.message}`);
          // and exactly as for an id that exists nowhere: the answer tells B nothing about A
          else if (JSON.stringify(foreign).replaceAll(foreignId, '<id>') !== JSON.stringify(nowhere).replaceAll(nowhereId, '<id>')) {
            problems.push(`${where}: answers A's record unlike a record that does not exist: ${JSON.stringify(foreign).slice(0, 300)} vs ${JSON.stringify(nowhere).slice(0, 300)}`);
          }
        }
      }
      const after = await snapshot(t, a.tenant.tenantId);
      for (const table of Object.keys(before)) if (before[table] !== after[table]) problems.push(`${tool.name}: tenant A's ${table} changed`);
    }
    expect(problems).toEqual([]);
    // every reference was tried at least once
    expect(cases).toBeGreaterThanOrEqual(refCount);
    expect(refCount).toBeGreaterThan(80);
    // a few hundred calls in sequence: ~10 s on an idle machine, past jest's default 30 s on a loaded one
  }, 180_000);
});
