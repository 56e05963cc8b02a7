import { toLineOutput } from '../../catalog-items/line-item.base';
import { iso } from '../../common/entity.base';
import { QuoteLineItem } from '../quote-line-item.entity';
import { Quote } from '../quote.entity';

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
