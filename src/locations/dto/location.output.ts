import { iso } from '../../common/entity.base';
import { Location } from '../location.entity';

export function toLocationOutput(l: Location) {
  return {
    id: l.id,
    tenant_id: l.tenantId,
    customer_id: l.customerId,
    label: l.label,
    line1: l.line1,
    line2: l.line2,
    city: l.city,
    region: l.region,
    postal_code: l.postalCode,
    country: l.country,
    latitude: l.latitude,
    longitude: l.longitude,
    access_notes: l.accessNotes,
    archived_at: iso(l.archivedAt),
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
  };
}
export type LocationOutput = ReturnType<typeof toLocationOutput>;
