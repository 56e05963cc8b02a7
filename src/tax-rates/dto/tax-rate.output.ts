import { iso } from '../../common/entity.base';
import { bool, nullable, num, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { TaxRate } from '../tax-rate.entity';

export function toTaxRateOutput(r: TaxRate) {
  return {
    id: r.id,
    tenant_id: r.tenantId,
    name: r.name,
    rate: r.rate,
    is_default: r.isDefault,
    archived_at: iso(r.archivedAt),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

export const TAX_RATE_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  name: str(),
  rate: num('percent'),
  is_default: bool(),
  archived_at: nullable(timestamp()),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const TAX_RATE_PAGE_OUTPUT = pageSchema(TAX_RATE_OUTPUT);
