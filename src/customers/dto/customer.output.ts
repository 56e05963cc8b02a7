import { iso } from '../../common/entity.base';
import { CONTACT_OUTPUT } from '../../contacts/dto/contact.output';
import { LOCATION_OUTPUT } from '../../locations/dto/location.output';
import { arrayOf, JsonSchema, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { TAG_OUTPUT } from '../../tags/dto/tag.output';
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

export const ADDRESS_OUTPUT = obj({
  line1: nullable(str()),
  line2: nullable(str()),
  city: nullable(str()),
  region: nullable(str()),
  postal_code: nullable(str()),
  country: nullable(str('ISO 3166-1 alpha-2')),
});

/** The customer row: customers.search rows and customers.archive. */
export const CUSTOMER_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  display_name: str(),
  first_name: nullable(str()),
  last_name: nullable(str()),
  company_name: nullable(str()),
  email: nullable(str()),
  phone: nullable(str()),
  billing_address: nullable(ADDRESS_OUTPUT),
  archived_at: nullable(timestamp('set while archived')),
  created_by: nullable(uuid('the user who created it; null when created with a tenant key')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
const tags = arrayOf(TAG_OUTPUT, 'its tags, by name');
/** customers.create and customers.update: the row with its tags. */
export const CUSTOMER_WITH_TAGS_OUTPUT = obj({ ...(CUSTOMER_OUTPUT.properties as Record<string, JsonSchema>), tags });
/** customers.get: the row with its tags and its non-archived contacts and locations. */
export const CUSTOMER_DETAIL_OUTPUT = obj({
  ...(CUSTOMER_OUTPUT.properties as Record<string, JsonSchema>),
  tags,
  contacts: arrayOf(CONTACT_OUTPUT, 'non-archived contacts, primary first, then by first name'),
  locations: arrayOf(LOCATION_OUTPUT, 'non-archived locations, oldest first'),
});
export const CUSTOMER_PAGE_OUTPUT = pageSchema(CUSTOMER_OUTPUT);
