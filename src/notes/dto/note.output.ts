import { iso } from '../../common/entity.base';
import { Note } from '../note.entity';

export function toNoteOutput(n: Note) {
  return {
    id: n.id,
    tenant_id: n.tenantId,
    body: n.body,
    customer_id: n.customerId,
    job_id: n.jobId,
    pinned: n.pinned,
    author_id: n.authorId,
    archived_at: iso(n.archivedAt),
    created_at: iso(n.createdAt),
    updated_at: iso(n.updatedAt),
  };
}
export type NoteOutput = ReturnType<typeof toNoteOutput>;
