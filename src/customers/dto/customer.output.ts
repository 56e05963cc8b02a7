import { iso } from '../../common/entity.base';
import { Address, Customer } from '../customer.entity';

const ADDRESS_KEYS = ['line1', 'line2', 'city', 'region', 'postal_code', 'country'] as const;

/** Every address field, null when not given: the stored jsonb keeps only the fields that were sent. */
export function toAddressOutput(a: Address | null) {
  if (!a) return null;
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, a[k] ?? null])) as Record<(typeof ADDRESS_KEYS)[number], string | null>;
}

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
    billing_address: toAddressOutput(c.billingAddress),
    archived_at: iso(c.archivedAt),
    created_by: c.createdBy,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}
export type CustomerOutput = ReturnType<typeof toCustomerOutput>;
