import { randomUUID } from 'node:crypto';
import { EntityManager, EntityTarget } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { LineItemColumns } from './line-item.base';
import { DocumentTotals, PricedLine } from './line-pricing';

/** Replaces a document's lines wholesale with already priced lines (quotes, invoices; jobs may reuse it). */
export async function replaceLines<T extends LineItemColumns>(
  em: EntityManager,
  entity: EntityTarget<T>,
  tenantId: string,
  parent: Record<string, string>,
  lines: PricedLine[],
): Promise<T[]> {
  await em.delete(entity, { tenantId, ...parent } as any);
  if (!lines.length) return [];
  const rows = lines.map((l) => em.create(entity, { tenantId, ...parent, ...l } as any));
  return (await em.save(rows)) as T[];
}

export function sortLines<T extends LineItemColumns>(lines: T[]): T[] {
  return [...lines].sort((a, b) => a.sortOrder - b.sortOrder || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/**
 * A new document's priced lines as a CTE body of the statement that inserts the document (its
 * numbered write: quote-write.sql.ts, invoice-write.sql.ts): `table` and `parent` are the line table
 * and its parent column, the document's id is parameter $parentId and the tenant $tenant, the lines
 * the eight arrays of lineArraysOf from $first on; `from` names the FROM items to join (the
 * document's CTE, so the lines are written only with it).
 */
export function insertLinesSql(table: string, parent: string, p: { tenant: number; parentId: number; first: number; from: string }): string {
  const a = (i: number) => `$${p.first + i}`;
  return `INSERT INTO ${table} (id, tenant_id, ${parent}, catalog_item_id, description, unit_price, quantity, taxable, sort_order, total)
  SELECT x.id, $${p.tenant}::uuid, $${p.parentId}::uuid, x.catalog_item_id, x.description, x.unit_price, x.quantity, x.taxable, x.sort_order, x.total
    FROM ${p.from}, unnest(${a(0)}::uuid[], ${a(1)}::uuid[], ${a(2)}::text[], ${a(3)}::numeric[], ${a(4)}::numeric[], ${a(5)}::boolean[], ${a(6)}::int[], ${a(7)}::numeric[])
         AS x(id, catalog_item_id, description, unit_price, quantity, taxable, sort_order, total)`;
}

/** The eight parameters of insertLinesSql: the lines' new ids and their columns (amounts as decimal strings, so they reach numeric without float formatting). */
export function lineArraysOf(lines: PricedLine[], ids: string[]): unknown[] {
  return [
    ids,
    lines.map((l) => l.catalogItemId),
    lines.map((l) => l.description),
    lines.map((l) => String(l.unitPrice)),
    lines.map((l) => String(l.quantity)),
    lines.map((l) => l.taxable),
    lines.map((l) => l.sortOrder),
    lines.map((l) => String(l.total)),
  ];
}

/** A new document's lines as the entities its output mapper takes, after insertLinesSql wrote them with `ids` (timestamps: the statement's). */
export function insertedLines<T extends LineItemColumns>(
  entity: new () => T,
  lines: PricedLine[],
  ids: string[],
  fields: Partial<T> & { tenantId: string; createdAt: Date; updatedAt: Date },
): T[] {
  return lines.map((l, i) => Object.assign(new entity(), l, fields, { id: ids[i] }));
}

/**
 * Runs a document's numbered insert (a statement of quote-write.sql.ts or invoice-write.sql.ts) with
 * new ids for the document and its lines (random UUIDs, as the columns' defaults make them, so the
 * lines need no RETURNING to be matched back). Its parameters: $1 the tenant, $2 the document's id,
 * then `columns` (the document's own), its subtotal, tax_total and total, its created_by, and from
 * there on the lines (lineArraysOf). Returns the ids and the statement's one row.
 */
export async function insertNumberedDocument<R>(
  em: EntityManager,
  name: string,
  sql: string,
  doc: { tenantId: string; createdBy: string | null; columns: unknown[]; totals: DocumentTotals },
  lines: PricedLine[],
): Promise<{ id: string; lineIds: string[]; row: R }> {
  const id = randomUUID();
  const lineIds = lines.map(() => randomUUID());
  const { subtotal, taxTotal, total } = doc.totals;
  const values = [doc.tenantId, id, ...doc.columns, String(subtotal), String(taxTotal), String(total), doc.createdBy, ...lineArraysOf(lines, lineIds)];
  const [row] = await preparedQuery<R>(em, name, sql, values);
  return { id, lineIds, row };
}
