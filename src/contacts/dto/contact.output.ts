import { iso } from '../../common/entity.base';
import { Contact } from '../contact.entity';
import { bool, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';

export function toContactOutput(c: Contact) {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    customer_id: c.customerId,
    first_name: c.firstName,
    last_name: c.lastName,
    email: c.email,
    phone: c.phone,
    title: c.title,
    is_primary: c.isPrimary,
    archived_at: iso(c.archivedAt),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}
export type ContactOutput = ReturnType<typeof toContactOutput>;

export const CONTACT_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  customer_id: uuid(),
  first_name: str(),
  last_name: nullable(str()),
  email: nullable(str()),
  phone: nullable(str()),
  title: nullable(str()),
  is_primary: bool('the customer has at most one primary contact'),
  archived_at: nullable(timestamp('set while archived')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const CONTACT_PAGE_OUTPUT = pageSchema(CONTACT_OUTPUT);
