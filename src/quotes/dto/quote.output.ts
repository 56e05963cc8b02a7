import { LINE_ITEM_OUTPUT, toLineOutput } from '../../catalog-items/line-item.base';
import { iso } from '../../common/entity.base';
import { arrayOf, date, money, nullable, obj, oneOf, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { QuoteLineItem } from '../quote-line-item.entity';
import { Quote, QUOTE_STATUSES } from '../quote.entity';

export const quoteNumber = (n: number) => `Q-${n}`;

export function toQuoteOutput(q: Quote, lines?: QuoteLineItem[]) {
  return {
    id: q.id,
    tenant_id: q.tenantId,
    number: quoteNumber(q.number),
    customer_id: q.customerId,
    location_id: q.locationId,
    title: q.title,
    message: q.message,
    status: q.status,
    valid_until: q.validUntil,
    tax_rate_id: q.taxRateId,
    ...(lines ? { line_items: lines.map(toLineOutput) } : {}),
    subtotal: q.subtotal,
    tax_total: q.taxTotal,
    total: q.total,
    sent_at: iso(q.sentAt),
    approved_at: iso(q.approvedAt),
    archived_at: iso(q.archivedAt),
    created_by: q.createdBy,
    created_at: iso(q.createdAt),
    updated_at: iso(q.updatedAt),
  };
}

const QUOTE_FIELDS = {
  id: uuid(),
  tenant_id: uuid(),
  number: { type: 'string', pattern: '^Q-[0-9]+$' },
  customer_id: uuid(),
  location_id: nullable(uuid()),
  title: str(),
  message: nullable(str()),
  status: oneOf(QUOTE_STATUSES),
  valid_until: nullable(date()),
  tax_rate_id: nullable(uuid()),
  subtotal: money(),
  tax_total: money(),
  total: money(),
  sent_at: nullable(timestamp()),
  approved_at: nullable(timestamp()),
  archived_at: nullable(timestamp()),
  created_by: nullable(uuid()),
  created_at: timestamp(),
  updated_at: timestamp(),
};
/** One quote with its line items (get, create, update, archive). */
export const QUOTE_OUTPUT = obj({ ...QUOTE_FIELDS, line_items: arrayOf(LINE_ITEM_OUTPUT) });
/** quotes.list rows carry no line items. */
export const QUOTE_PAGE_OUTPUT = pageSchema(obj(QUOTE_FIELDS));
