import { iso } from '../../common/entity.base';
import { Plan } from '../plan.entity';

export function toPlanOutput(p: Plan) {
  return {
    id: p.id,
    tenant_id: p.tenantId,
    customer_id: p.customerId,
    name: p.name,
    description: p.description,
    price: p.price,
    billing_frequency: p.billingFrequency,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    next_billing_on: p.nextBillingOn,
    job_series_id: p.jobSeriesId,
    status: p.status,
    cancelled_at: iso(p.cancelledAt),
    created_by: p.createdBy,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}
