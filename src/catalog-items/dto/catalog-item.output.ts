import { iso } from '../../common/entity.base';
import { CatalogItem } from '../catalog-item.entity';

export function toCatalogItemOutput(i: CatalogItem) {
  return {
    id: i.id,
    tenant_id: i.tenantId,
    name: i.name,
    description: i.description,
    kind: i.kind,
    unit_price: i.unitPrice,
    unit_cost: i.unitCost,
    unit: i.unit,
    taxable: i.taxable,
    category_id: i.categoryId,
    sku: i.sku,
    archived_at: iso(i.archivedAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
  };
}
