import type { Role } from '../tenancy/user.entity';

// What a user's role lets them grant to an application (OAuth consent, and any page where users
// give access themselves). An owner runs the business: every scope. An admin runs the office:
// every scope but the money set-up (tax rates and billing plans: what customers are charged). A
// member is field staff: reads what a job needs (not invoices, plans or tax rates), writes jobs
// and notes. API keys issued with the admin CLI are not limited by role: the CLI is the operator's
// tool (who holds the database anyway) and issues the scopes it is told.
const OWNER_ONLY = new Set(['write:tax_rates', 'write:plans']);
const MEMBER_HIDDEN = new Set(['invoices', 'plans', 'tax_rates']);
const MEMBER_WRITES = new Set(['write:jobs', 'write:notes']);

/** The scopes a role may grant, of every scope there is (ScopeCatalogue.scopes: derived from the tools). */
export function roleScopes(role: string, all: readonly string[]): string[] {
  switch (role as Role) {
    case 'owner':
      return [...all];
    case 'admin':
      return all.filter((s) => !OWNER_ONLY.has(s));
    case 'member':
      return all.filter((s) => (s.startsWith('read:') && !MEMBER_HIDDEN.has(s.slice(5))) || MEMBER_WRITES.has(s));
    default:
      return [];
  }
}

/** The scopes of `wanted` a user of this role may grant (an unknown role grants nothing). */
export function grantableScopes(role: string, wanted: readonly string[], all: readonly string[]): string[] {
  const allowed = new Set(roleScopes(role, all));
  return wanted.filter((s) => allowed.has(s));
}
