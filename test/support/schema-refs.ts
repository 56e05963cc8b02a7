// Finds the references to other records in a tool's inputSchema: every property that is an id
// (named `id`, `*_id`, `*Id`, `*_ids`, `*Ids`, or of format uuid), at any depth, through nested
// objects and arrays of objects. Used by the isolation matrix, so a new tool or a new reference
// argument is covered without anyone listing it.

/** A path into a tool's arguments: property names, `[]` for "the items of this array". */
export type RefPath = string[];

export interface Ref {
  path: RefPath;
  /** the property's own name, e.g. `catalog_item_id` */
  field: string;
  /** the value is an array of ids (`tag_ids`) rather than one id */
  many: boolean;
}

const ID_NAME = /^(id|.+_id|.+Id|.+_ids|.+Ids)$/;
/**
 * Top-level arguments that are ids by format but name no record: the sync cursor `after` of every
 * list tool is a position in the (updated_at, id) order (any UUID works the same), so another
 * tenant's id there is compared, never fetched (test/sync.e2e-spec.ts covers it).
 */
const NOT_REFERENCES = new Set(['after']);
const types = (s: any): string[] => (s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const isUuid = (s: any) => s?.format === 'uuid';
/** A nullable property is published as `anyOf: [X, {type: "null"}]`: X is what it references. */
const nonNull = (s: any): any => (Array.isArray(s?.anyOf) ? (s.anyOf.find((b: any) => b?.type !== 'null') ?? s) : s);

export function referencePaths(schema: any, path: RefPath = []): Ref[] {
  const refs: Ref[] = [];
  for (const [name, published] of Object.entries<any>(schema?.properties ?? {})) {
    if (path.length === 0 && NOT_REFERENCES.has(name)) continue;
    const prop = nonNull(published);
    const here = [...path, name];
    const t = types(prop);
    if (t.includes('array')) {
      const items = nonNull(prop.items ?? {});
      if (isUuid(items) || (ID_NAME.test(name) && types(items).includes('string'))) refs.push({ path: here, field: name, many: true });
      else if (types(items).includes('object') || items.properties) refs.push(...referencePaths(items, [...here, '[]']));
    } else if (t.includes('object') || prop.properties) {
      refs.push(...referencePaths(prop, here));
    } else if (isUuid(prop) || (ID_NAME.test(name) && t.includes('string'))) {
      refs.push({ path: here, field: name, many: false });
    }
  }
  return refs;
}

/** Does `args` carry a value at `path` (for `[]`, in at least one item)? */
export function hasPath(args: unknown, path: RefPath): boolean {
  if (path.length === 0) return true;
  const [head, ...rest] = path;
  if (head === '[]') return Array.isArray(args) && args.some((item) => hasPath(item, rest));
  return args !== null && typeof args === 'object' && head in (args as object) && hasPath((args as any)[head], rest);
}

/** A deep copy of `args` with the value at `path` replaced (in every item, for `[]`). */
export function withPath(args: unknown, path: RefPath, value: unknown): any {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === '[]') return (args as unknown[]).map((item) => withPath(item, rest, value));
  return { ...(args as object), [head]: withPath((args as any)[head], rest, value) };
}
