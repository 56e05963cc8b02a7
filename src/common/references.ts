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
  ctx: ToolContext,
  entity: EntityTarget<T>,
  id: string,
  field: string,
  what = field.replace(/_id$/, '').replace(/_/g, ' '),
): Promise<T> {
  const row = await em.findOneBy(entity, { tenantId: ctx.tenantId, id } as any);
  if (!row) throw InvalidField(field, `no ${what} with id ${id} in this tenant`);
  return row;
}

/** Every id must belong to the tenant; one bad id fails the whole request, naming it. */
export async function ensureAllOwned<T extends ObjectLiteral>(
  em: EntityManager,
  ctx: ToolContext,
  entity: EntityTarget<T>,
  ids: string[],
  field: string,
  what = 'record',
): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await em.findBy(entity, { tenantId: ctx.tenantId, id: In(unique) } as any);
  const found = new Set(rows.map((r: any) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) {
    const idx = ids.indexOf(missing[0]);
    throw InvalidField(`${field}.${idx}`, `no ${what} with id ${missing[0]} in this tenant`);
  }
  return rows;
}
