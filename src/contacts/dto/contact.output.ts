import { iso } from '../../common/entity.base';
import { Contact } from '../contact.entity';

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
