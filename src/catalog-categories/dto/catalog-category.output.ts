import { iso } from '../../common/entity.base';
import { flagged, int, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { CatalogCategory } from '../catalog-category.entity';

export function toCatalogCategoryOutput(c: CatalogCategory) {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    name: c.name,
    description: c.description,
    sort_order: c.sortOrder,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export const CATALOG_CATEGORY_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  name: str(),
  description: nullable(str()),
  sort_order: int(),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const CATALOG_CATEGORY_PAGE_OUTPUT = pageSchema(CATALOG_CATEGORY_OUTPUT);
export const CATALOG_CATEGORY_DELETED_OUTPUT = flagged('deleted');
