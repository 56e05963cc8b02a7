import { EntityManager } from 'typeorm';
import { insertedLines, insertLinesSql, insertNumberedDocument } from '../catalog-items/document-lines';
import type { DocumentTotals, PricedLine } from '../catalog-items/line-pricing';
import { nextNumberSql } from '../numbering/numbering.service';
import { QuoteLineItem } from './quote-line-item.entity';
import { Quote } from './quote.entity';

// quotes.create's write as one statement: the tenant's next quote number, the quote and its lines.
// The number's counter row stays locked until the call's transaction commits (gapless numbers, one
// writer per tenant at a time), so the fewer round trips after taking it, the more quotes a tenant
// can create per second: this statement, the gateway's audit row, COMMIT — where the quote's save,
// its lines' DELETE and their save each were one more (README "Benchmark", quotes.create).
// created_at and updated_at are the transaction's now(), the same for every row.
// Parameters as insertNumberedDocument passes them.
const INSERT_QUOTE = `
WITH n AS (
  ${nextNumberSql(1, 'quote')}
), q AS (
  INSERT INTO quotes (id, tenant_id, number, customer_id, location_id, title, message, valid_until, tax_rate_id, subtotal, tax_total, total, created_by)
  SELECT $2::uuid, $1::uuid, n.last_value, $3::uuid, $4::uuid, $5::text, $6::text, $7::date, $8::uuid, $9::numeric, $10::numeric, $11::numeric, $12::uuid
    FROM n
  RETURNING number, status, created_at, updated_at
), l AS (
  ${insertLinesSql('quote_line_items', 'quote_id', { tenant: 1, parentId: 2, first: 13, from: 'q' })}
)
SELECT number, status, created_at, updated_at FROM q`;

export type NewQuote = Pick<Quote, 'tenantId' | 'customerId' | 'locationId' | 'title' | 'message' | 'validUntil' | 'taxRateId' | 'createdBy'>;

/** Numbers and inserts a draft quote with its priced lines, in the caller's transaction; returns them as the entities the output mapper takes. */
export async function insertQuote(em: EntityManager, q: NewQuote, totals: DocumentTotals, lines: PricedLine[]): Promise<{ quote: Quote; lines: QuoteLineItem[] }> {
  const columns = [q.customerId, q.locationId, q.title, q.message, q.validUntil, q.taxRateId];
  type Row = { number: number; status: Quote['status']; created_at: Date; updated_at: Date };
  const { id, lineIds, row } = await insertNumberedDocument<Row>(em, 'quotes.insert', INSERT_QUOTE, { tenantId: q.tenantId, createdBy: q.createdBy, columns, totals }, lines);
  const stamps = { createdAt: row.created_at, updatedAt: row.updated_at };
  const quote = Object.assign(new Quote(), q, totals, stamps, { id, number: Number(row.number), status: row.status, sentAt: null, approvedAt: null, archivedAt: null });
  return { quote, lines: insertedLines(QuoteLineItem, lines, lineIds, { ...stamps, tenantId: q.tenantId, quoteId: id }) };
}
