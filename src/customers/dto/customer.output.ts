import { iso } from '../../common/entity.base';
import { Customer } from '../customer.entity';

export function toCustomerOutput(c: Customer) {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    display_name: c.displayName,
    first_name: c.firstName,
    last_name: c.lastName,
    company_name: c.companyName,
    email: c.email,
    phone: c.phone,
    billing_address: c.billingAddress,
    archived_at: iso(c.archivedAt),
    created_by: c.createdBy,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}
export type CustomerOutput = ReturnType<typeof toCustomerOutput>;
