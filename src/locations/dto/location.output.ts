import { iso } from '../../common/entity.base';
import { nullable, num, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
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

export const LOCATION_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  customer_id: uuid(),
  label: nullable(str()),
  line1: str(),
  line2: nullable(str()),
  city: nullable(str()),
  region: nullable(str()),
  postal_code: nullable(str()),
  country: str('ISO 3166-1 alpha-2'),
  latitude: nullable(num('decimal degrees')),
  longitude: nullable(num('decimal degrees')),
  access_notes: nullable(str()),
  archived_at: nullable(timestamp('set while archived')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const LOCATION_PAGE_OUTPUT = pageSchema(LOCATION_OUTPUT);
