import { outputValidator, registeredToolNames, startApp, TestApp } from './support/app';
import { seedWorld, validCalls, variantCalls, World } from './support/world';

// The world every catalogue-wide test (isolation matrix, fuzzing) stands on: it must know every
// tool, and every call it gives must succeed. A new tool without an entry in its entity's world fragment (src/<folder>/<folder>.world.ts) fails here.
describe('test world: one of everything, a valid call for every tool', () => {
  let t: TestApp;
  let w: World;
  let toolNames: string[];
  beforeAll(async () => {
    t = await startApp();
    w = await seedWorld(t);
    toolNames = (await w.tenant.client.tools()).map((tool) => tool.name).sort();
  });
  afterAll(() => t.close());

  it('validCalls has an entry for exactly the tools in tools/list', () => {
    // an all-scopes key lists every tool the server registered
    expect(toolNames).toEqual(registeredToolNames(t).sort());
    expect(Object.keys(validCalls(w)).sort()).toEqual(toolNames);
    for (const name of Object.keys(variantCalls(w))) expect(toolNames).toContain(name);
  });

  // client.call validates each structuredContent against the tool's outputSchema with ajv (support/app.ts):
  // with a valid call for every tool, this is the check over the whole catalogue.
  it("every valid call succeeds and its result matches the tool's outputSchema, and every variant too", async () => {
    const calls = validCalls(w);
    const failures: string[] = [];
    const run = async (name: string, args: Record<string, unknown>) => {
      if (!outputValidator(t, name)) failures.push(`${name}: declares no outputSchema`);
      try {
        const result = await w.tenant.client.call(name, args);
        expect(result).toEqual(expect.any(Object));
      } catch (e: any) {
        failures.push(`${name} ${JSON.stringify(args)}: ${e.data?.kind ?? ''} ${e.message} ${JSON.stringify(e.data?.issues ?? '')}`);
      }
    };
    for (const name of toolNames) await run(name, calls[name]());
    for (const [name, variants] of Object.entries(variantCalls(w))) for (const v of variants) await run(name, v());
    expect(failures).toEqual([]);
  });

  it('the valid calls are really against the world: gets return its records, updates change them', async () => {
    const c = w.tenant.client;
    const calls = validCalls(w);
    for (const [entity, id] of Object.entries(w.ids)) {
      if (entity === 'users') continue;
      expect((await c.call(`${entity}.get`, calls[`${entity}.get`]())).id).toBe(id);
    }
    await c.call('jobs.update', calls['jobs.update']());
    expect(await c.call('jobs.get', { id: w.ids.jobs })).toMatchObject({
      description: 'Bring ladder',
      location_id: w.ids.locations,
      job_assignments: [expect.objectContaining({ user_id: w.ids.users })],
    });
    const quote = await c.call('quotes.get', { id: w.ids.quotes });
    expect(quote.line_items.map((l: any) => l.catalog_item_id)).toEqual([w.ids.catalog_items, null]);
    expect((await c.call('customers.search', calls['customers.search']())).data.map((r: any) => r.id)).toContain(w.ids.customers);
  });
});
