import { iso } from '../../common/entity.base';
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
