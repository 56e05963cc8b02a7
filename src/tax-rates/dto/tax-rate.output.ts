import { iso } from '../../common/entity.base';
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
