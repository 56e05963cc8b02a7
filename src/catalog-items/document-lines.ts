import { EntityManager, EntityTarget } from 'typeorm';
import { LineItemColumns } from './line-item.base';
import { PricedLine } from './line-pricing';

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
