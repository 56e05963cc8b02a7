import { iso } from '../../common/entity.base';
import { bool, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
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

export const NOTE_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  body: str(),
  customer_id: nullable(uuid('set when the note is on a customer (then job_id is null)')),
  job_id: nullable(uuid('set when the note is on a job (then customer_id is null)')),
  pinned: bool(),
  author_id: uuid('the user who wrote it'),
  archived_at: nullable(timestamp('set while archived')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const NOTE_PAGE_OUTPUT = pageSchema(NOTE_OUTPUT);
