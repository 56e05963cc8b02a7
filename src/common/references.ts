import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { ToolContext } from './context';
import { InvalidField } from './errors';

/**
 * A referenced id (customer_id, catalog_item_id, …) must belong to the caller's tenant, else
 * invalid_input naming the field. The composite foreign keys make a cross-tenant link impossible
 * in the database too; this gives the caller a clear message instead of a constraint error.
 */
export async function ensureOwned<T extends ObjectLiteral>(
  em: EntityManager,
  ctx: Pick<ToolContext, 'tenantId'>,
  entity: EntityTarget<T>,
  id: string,
  field: string,
  what = field.replace(/_id$/, '').replace(/_/g, ' '),
): Promise<T> {
  const row = await em.findOneBy(entity, { tenantId: ctx.tenantId, id } as any);
  if (!row) throw notOwned(field, what, id);
  return row;
}

/** invalid_input for a referenced id that is none of the tenant's records of that kind. */
export const notOwned = (field: string, what: string, id: string) => InvalidField(field, `no ${what} with id ${id} in this tenant`);

/**
 * Throws notOwned for the first of `ids` that is not in `found` (the tenant's ids, as PostgreSQL
 * returns them), naming `field.<index>`. UUIDs compare case-insensitively, as the database does.
 */
export function refuseMissing(ids: string[], found: Iterable<string>, field: string, what: string): void {
  const have = new Set([...found].map((id) => id.toLowerCase()));
  const idx = ids.findIndex((id) => !have.has(id.toLowerCase()));
  if (idx >= 0) throw notOwned(`${field}.${idx}`, what, ids[idx]);
}

/** Every id must belong to the tenant; one bad id fails the whole request, naming it. */
export async function ensureAllOwned<T extends ObjectLiteral>(
  em: EntityManager,
  ctx: Pick<ToolContext, 'tenantId'>,
  entity: EntityTarget<T>,
  ids: string[],
  field: string,
  what = 'record',
): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await em.findBy(entity, { tenantId: ctx.tenantId, id: In(unique) } as any);
  refuseMissing(
    ids,
    rows.map((r: any) => r.id),
    field,
    what,
  );
  return rows;
}
