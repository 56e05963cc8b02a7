import { iso } from '../../common/entity.base';
import { date, money, nullable, obj, oneOf, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { BILLING_FREQUENCIES, Plan, PLAN_STATUSES } from '../plan.entity';

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

export const PLAN_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  customer_id: uuid(),
  name: str(),
  description: nullable(str()),
  price: money(),
  billing_frequency: oneOf(BILLING_FREQUENCIES),
  starts_on: date(),
  ends_on: nullable(date()),
  next_billing_on: date(),
  job_series_id: nullable(uuid()),
  status: oneOf(PLAN_STATUSES),
  cancelled_at: nullable(timestamp()),
  created_by: nullable(uuid()),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const PLAN_PAGE_OUTPUT = pageSchema(PLAN_OUTPUT);
