import { iso } from '../../common/entity.base';
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
