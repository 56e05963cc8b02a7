import { iso } from '../../common/entity.base';
import { flagged, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { Tag } from '../tag.entity';

export function toTagOutput(t: Tag) {
  return {
    id: t.id,
    tenant_id: t.tenantId,
    name: t.name,
    color: t.color,
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
  };
}
export type TagOutput = ReturnType<typeof toTagOutput>;

export const TAG_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  name: str(),
  color: nullable(str('#RRGGBB')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const TAG_PAGE_OUTPUT = pageSchema(TAG_OUTPUT);
export const TAG_DELETED_OUTPUT = flagged('deleted');
