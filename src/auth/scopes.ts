// The 13 entities of the contract; each has read:<entity> and write:<entity>.
// A write scope never implies the read scope.
export const ENTITIES = [
  'customers',
  'contacts',
  'locations',
  'tags',
  'notes',
  'jobs',
  'job_series',
  'invoices',
  'quotes',
  'catalog_items',
  'catalog_categories',
  'plans',
  'tax_rates',
] as const;

export const ALL_SCOPES: readonly string[] = ENTITIES.flatMap((e) => [`read:${e}`, `write:${e}`]);
const KNOWN = new Set(ALL_SCOPES);

export const isScope = (s: string) => KNOWN.has(s);

/** Parses a comma-separated list ("all" for every scope); unknown names are reported, not dropped. */
export function parseScopeList(list: string): { scopes: string[]; unknown: string[] } {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return { scopes: [...ALL_SCOPES], unknown: [] };
  const unknown = names.filter((n) => !KNOWN.has(n));
  return { scopes: [...new Set(names.filter((n) => KNOWN.has(n)))], unknown };
}
