import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { childInsertsSql, insertChildRows, lineArrays } from './job-write.sql';
import { routedWrites } from '../database/write-mode';
import { fillLines, LineInput } from '../catalog-items/line-pricing';
import { ToolContext } from '../common/context';
import { JobAssignment } from './job-assignment.entity';
import { JobLineItem } from './job-line-item.entity';

export interface LineItemData {
  catalog_item_id?: string | null;
  description: string;
  unit_price: number;
  quantity: number;
  sort_order?: number;
}

/**
 * Lines of a job or a series template, filled as quotes and invoices fill theirs (fillLines):
 * a catalog_item_id of this tenant fills an omitted description and unit_price; another tenant's
 * item is invalid_input naming `line_items.<i>.catalog_item_id`. An archived item is refused unless
 * it is in `keep` (already linked on the record, or on the approved quote being copied).
 */
export async function resolveJobLines(ctx: ToolContext, lines: LineInput[], keep: Iterable<string | null> = []): Promise<LineItemData[]> {
  const kept = new Set([...keep].filter((id): id is string => !!id));
  const filled = await fillLines(ctx, lines, 'line_items', { refuseArchived: { keep: kept } });
  return filled.map((p) => ({ catalog_item_id: p.catalogItemId, description: p.description, unit_price: p.unitPrice, quantity: p.quantity, sort_order: p.sortOrder }));
}

/**
 * Replaces a job's line items and/or assignments wholesale (undefined = leave that list untouched).
 * Callers check first that every user id belongs to the tenant (see JobsService.ensureMembers);
 * the composite foreign keys refuse a cross-tenant id anyway. Also used by job_series to give
 * generated instances the series template's lists.
 */
export async function writeJobChildren(
  em: EntityManager,
  tenantId: string,
  jobId: string,
  lists: { lineItems?: LineItemData[]; assignedUserIds?: string[]; assignedBy?: string | null },
  /** true for a job inserted in this transaction: it has no children yet, skip the delete/read */
  fresh = false,
): Promise<void> {
  if (fresh) return insertFreshChildren(em, tenantId, jobId, lists.lineItems ?? [], [...new Set(lists.assignedUserIds ?? [])], lists.assignedBy ?? null);
  if (lists.lineItems !== undefined) {
    await em.delete(JobLineItem, { tenantId, jobId });
    if (lists.lineItems.length)
      await em.insert(
        JobLineItem,
        lists.lineItems.map((li, i) => ({
          tenantId,
          jobId,
          catalogItemId: li.catalog_item_id ?? null,
          description: li.description,
          unitPrice: li.unit_price,
          quantity: li.quantity,
          sortOrder: li.sort_order ?? i,
        })),
      );
  }
  if (lists.assignedUserIds !== undefined) {
    const wanted = [...new Set(lists.assignedUserIds.map((u) => u.toLowerCase()))]; // as PostgreSQL returns them
    const current = fresh ? [] : await em.find(JobAssignment, { where: { tenantId, jobId }, select: { id: true, userId: true } });
    const keep = new Set(wanted);
    const gone = current.filter((a) => !keep.has(a.userId)).map((a) => a.id);
    if (gone.length)
      await em.delete(
        JobAssignment,
        gone.map((id) => ({ tenantId, id })),
      );
    const have = new Set(current.map((a) => a.userId));
    const added = wanted.filter((u) => !have.has(u));
    // a user who stays assigned keeps their original assigned_by / assigned_at
    if (added.length)
      await em.insert(
        JobAssignment,
        added.map((userId) => ({ tenantId, jobId, userId, assignedBy: lists.assignedBy ?? null })),
      );
  }
}

// A new job's line items and assignments in one statement (every generated series instance;
// jobs.create inserts them in its own statement with the job).
const FRESH = childInsertsSql('$2::uuid', '', { tenant: 1, lines: 3, assignedBy: 8, users: 9 });
const INSERT_CHILDREN = `WITH li AS (${FRESH.lines}) ${FRESH.assignments}`;

async function insertFreshChildren(em: EntityManager, tenantId: string, jobId: string, lines: LineItemData[], userIds: string[], assignedBy: string | null) {
  if (!lines.length && !userIds.length) return;
  if (routedWrites(em)) return insertChildRows(em, tenantId, [jobId], lines, userIds, assignedBy);
  await preparedQuery(em, 'job_children.insert', INSERT_CHILDREN, [tenantId, jobId, ...lineArrays(lines), assignedBy, userIds]);
}
