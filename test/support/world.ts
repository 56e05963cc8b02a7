import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { newTenant, TestApp, TestTenant } from './app';

// A tenant with one of everything the MCP tools can reach, and for every tool a valid set of
// arguments against it. Other tests build on it: the world test proves each call succeeds, the
// isolation matrix replays the calls as another tenant with this tenant's ids, the fuzzer uses the
// ids so that some generated calls hit real rows.
//
// The world is assembled from one fragment per entity, found by convention: every file
// `src/<folder>/<folder>.world.ts` (any `src/*/*.world.ts`), loaded at run time. Nobody keeps a list:
// a new entity brings its fragment in its own folder. The fragments are test code (excluded from
// `nest build` in tsconfig.build.json, and typeorm loads only `*.entity.ts`).
//
// THE FRAGMENT FORMAT — `src/<folder>/<folder>.world.ts`:
//
//   import { at, byId, date, defineWorld, uniq } from '../../test/support/world';
//
//   export default defineWorld({
//     entity: 'equipment',                // the prefix of its tools (`equipment.create`, …)
//     needs: ['customers'],               // the entities whose records `seed` reads (ids.customers): seeded
//                                         //   before it (the world is seeded in dependency order)
//     aliases: ['gear'],                  // optional: other stems of reference fields that name it, for the
//                                         //   isolation matrix (`gear_id` → equipment); `<entity>_id`, `<entity
//                                         //   without s>_id`, `id` and their camelCase list filters need none
//     // makes its record and a throwaway (the record its destructive verb archives, deletes, cancels…);
//     // `create(tool, args)` calls a tool and returns the new record's id, `call(tool, args)` its result;
//     // `ids` holds the records of `needs` (and `users`, the tenant's user); `extra`: more named records
//     // other fragments or tests may use (names unique in the world, e.g. `approved_quote`)
//     seed: async ({ create, ids }) => ({
//       id: await create('equipment.create', { name: 'World ladder', customer_id: ids.customers }),
//       throwaway: await create('equipment.create', { name: 'Throwaway ladder' }),
//     }),
//     // for EVERY tool of the entity, valid arguments against the world (`w.ids`, `w.throwaway`, `w.extra`):
//     // creates use fresh unique names, updates change a harmless field of the world's record, the
//     // destructive verb targets the throwaway. Reference as many of the world's records as the tool takes,
//     // so the isolation matrix has every reference to substitute.
//     calls: (w) => ({
//       'equipment.create': () => ({ name: uniq('Ladder'), customer_id: w.ids.customers }),
//       'equipment.get': byId(w.ids.equipment),
//       'equipment.list': () => ({ customerId: w.ids.customers, page: 1 }),
//       'equipment.update': () => ({ id: w.ids.equipment, name: 'Tall ladder' }),
//       'equipment.archive': byId(w.throwaway.equipment),
//     }),
//     // optional: further valid calls for references a tool's main call cannot carry at the same time
//     variants: (w) => ({ 'equipment.list': [() => ({ locationId: w.ids.locations })] }),
//   });

/** The ids of one world, keyed by the entity name that prefixes its tools (`customers`, `jobs`, …), and `users` (the tenant's user). */
export type WorldIds = Record<string, string>;

export interface World {
  tenant: TestTenant;
  ids: WorldIds;
  /** records made only to be archived, deleted, cancelled, voided or ended by the destructive tools, by entity */
  throwaway: Record<string, string>;
  /** further named records the fragments made (e.g. `approved_quote`, the quote jobs.create may start from) */
  extra: Record<string, string>;
}

export type Args = Record<string, unknown>;
export type CallMap = Record<string, () => Args>;

export interface SeedContext {
  tenant: TestTenant;
  /** the records of the fragment's `needs`, and `users` */
  ids: Readonly<WorldIds>;
  /** calls a tool as the world's user; returns the created record's id */
  create: (tool: string, args: Args) => Promise<string>;
  /** calls a tool as the world's user; returns its structured result */
  call: (tool: string, args: Args) => Promise<any>;
}

export interface WorldFragment {
  entity: string;
  needs: string[];
  aliases?: string[];
  seed: (ctx: SeedContext) => Promise<{ id: string; throwaway: string; extra?: Record<string, string> }>;
  calls: (w: World) => CallMap;
  variants?: (w: World) => Record<string, Array<() => Args>>;
}

/** Types a fragment (the default export of `src/<folder>/<folder>.world.ts`). */
export const defineWorld = (fragment: WorldFragment): WorldFragment => fragment;

const DAY = 86_400_000;
/** A date `days` from today, YYYY-MM-DD. */
export const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** A timestamp `days` from today at `hour`:00 UTC. */
export const at = (days: number, hour: number) => `${date(days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
/** `prefix` and a random suffix: for names that must be unique. */
export const uniq = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;
/** A call `{ id }`. */
export const byId = (id: string) => () => ({ id });

/** Records the world has that are no entity's: the tenant's user. */
const BUILT_IN = ['users'];
/** Reference stems naming the built-in records (assigned_user_ids, user_id). */
const BUILT_IN_ALIASES: Record<string, string> = { assigned_user: 'users', user: 'users' };

const SRC = join(__dirname, '..', '..', 'src');
let loaded: WorldFragment[] | undefined;

/** Every fragment under src/, in seeding order: each after those it needs, otherwise by entity name. */
export function worldFragments(): WorldFragment[] {
  if (loaded) return loaded;
  const found: { file: string; fragment: WorldFragment }[] = [];
  for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(SRC, dir.name)).filter((n) => n.endsWith('.world.ts'))) {
      const file = join(SRC, dir.name, name);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fragment = require(file).default as WorldFragment | undefined;
      if (!fragment?.entity || typeof fragment.seed !== 'function' || typeof fragment.calls !== 'function')
        throw new Error(`${file}: export default defineWorld({ entity, needs, seed, calls }) (see test/support/world.ts)`);
      found.push({ file, fragment });
    }
  }
  const byEntity = new Map<string, WorldFragment>();
  for (const { file, fragment } of found) {
    if (byEntity.has(fragment.entity) || BUILT_IN.includes(fragment.entity)) throw new Error(`${file}: a second world fragment for ${fragment.entity}`);
    byEntity.set(fragment.entity, fragment);
  }
  const ordered: WorldFragment[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: WorldFragment, path: string[]) => {
    if (state.get(f.entity) === 'done') return;
    if (state.get(f.entity) === 'visiting') throw new Error(`world fragments need each other in a cycle: ${[...path, f.entity].join(' → ')}`);
    state.set(f.entity, 'visiting');
    for (const need of [...f.needs].sort()) {
      if (BUILT_IN.includes(need)) continue;
      const dep = byEntity.get(need);
      if (!dep) throw new Error(`the ${f.entity} world fragment needs ${need}, which has no src/*/*.world.ts`);
      visit(dep, [...path, f.entity]);
    }
    state.set(f.entity, 'done');
    ordered.push(f);
  };
  for (const entity of [...byEntity.keys()].sort()) visit(byEntity.get(entity)!, []);
  return (loaded = ordered);
}

/** The entities of the world (every entity with tools has a fragment: test/world.e2e-spec.ts checks it). */
export const worldEntities = (): string[] => worldFragments().map((f) => f.entity);

/** Reference field stems that do not spell their entity (`category_id` → catalog_categories), for the isolation matrix. */
export function referenceAliases(): Record<string, string> {
  const out: Record<string, string> = { ...BUILT_IN_ALIASES };
  for (const f of worldFragments()) for (const alias of f.aliases ?? []) out[alias] = f.entity;
  return out;
}

/** Creates one tenant (a user key with every scope) and one of everything in it; returns the ids. */
export async function seedWorld(t: TestApp): Promise<World> {
  const tenant = await newTenant(t);
  const c = tenant.client;
  const ids: WorldIds = { users: tenant.userId };
  const throwaway: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const create = async (tool: string, args: Args): Promise<string> => (await c.call(tool, args)).id;
  for (const f of worldFragments()) {
    // a fragment sees the records it declares it needs, so the seeding order is right by construction
    const visible = new Set([...f.needs, ...BUILT_IN]);
    const guarded = new Proxy(ids, {
      get: (target, key) => {
        if (typeof key === 'string' && !visible.has(key)) throw new Error(`the ${f.entity} world fragment reads ids.${key}: add '${key}' to its needs`);
        return target[key as string];
      },
    });
    const made = await f.seed({ tenant, ids: guarded, create, call: (tool, args) => c.call(tool, args) });
    ids[f.entity] = made.id;
    throwaway[f.entity] = made.throwaway;
    for (const [name, id] of Object.entries(made.extra ?? {})) {
      if (name in extra) throw new Error(`two world fragments name an extra record ${name}`);
      extra[name] = id;
    }
  }
  return { tenant, ids, throwaway, extra };
}

function merged<T>(part: (f: WorldFragment) => Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of worldFragments()) {
    for (const [tool, v] of Object.entries(part(f) ?? {})) {
      if (!tool.startsWith(`${f.entity}.`)) throw new Error(`the ${f.entity} world fragment gives a call for ${tool}, a tool of another entity`);
      out[tool] = v;
    }
  }
  return out;
}

/**
 * For every tool, a function giving valid arguments against the world (each fragment's `calls`).
 * Creates use fresh unique names, updates change a harmless field of the world's record, destructive
 * verbs target the world's throwaway record (archiving or deleting twice is fine or a conflict, never
 * the world's real records). The arguments reference as many of the world's records as the tool
 * takes, so that the isolation matrix has every reference to substitute.
 */
export function validCalls(w: World): CallMap {
  return merged((f) => f.calls(w));
}

/**
 * Further valid calls for references that a tool's main call cannot carry at the same time
 * (a note is on a customer or a job, not both; a job from a quote; a series filter). The isolation
 * matrix uses them so that every reference in every schema is tried in a call that is otherwise valid.
 */
export function variantCalls(w: World): Record<string, Array<() => Args>> {
  return merged((f) => f.variants?.(w));
}
