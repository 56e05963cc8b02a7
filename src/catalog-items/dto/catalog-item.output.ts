import { iso } from '../../common/entity.base';
import { bool, money, nullable, obj, oneOf, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { CatalogItem, ITEM_KINDS } from '../catalog-item.entity';

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

export const CATALOG_ITEM_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  name: str(),
  description: nullable(str()),
  kind: oneOf(ITEM_KINDS),
  unit_price: money(),
  unit_cost: nullable(money()),
  unit: nullable(str()),
  taxable: bool(),
  category_id: nullable(uuid()),
  sku: nullable(str()),
  archived_at: nullable(timestamp()),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const CATALOG_ITEM_PAGE_OUTPUT = pageSchema(CATALOG_ITEM_OUTPUT);
