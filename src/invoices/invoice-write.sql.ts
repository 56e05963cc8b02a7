import { EntityManager } from 'typeorm';
import { insertedLines, insertLinesSql, insertNumberedDocument } from '../catalog-items/document-lines';
import type { DocumentTotals, PricedLine } from '../catalog-items/line-pricing';
import { nextNumberSql } from '../numbering/numbering.service';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { Invoice } from './invoice.entity';

// A draft invoice's write as one statement: the tenant's next invoice number, the invoice and its
// lines, for the same reason as quotes.create's (quote-write.sql.ts): the number's counter row is
// locked from here until the transaction commits, and this leaves only the audit row and COMMIT after it.
// Parameters as insertNumberedDocument passes them.
const INSERT_INVOICE = `
WITH n AS (
  ${nextNumberSql(1, 'invoice')}
), i AS (
  INSERT INTO invoices (id, tenant_id, number, customer_id, job_id, plan_id, plan_period_start, due_on, tax_rate_id, subtotal, tax_total, total, created_by)
  SELECT $2::uuid, $1::uuid, n.last_value, $3::uuid, $4::uuid, $5::uuid, $6::date, $7::date, $8::uuid, $9::numeric, $10::numeric, $11::numeric, $12::uuid
    FROM n
  RETURNING number, status, amount_paid, created_at, updated_at
), l AS (
  ${insertLinesSql('invoice_line_items', 'invoice_id', { tenant: 1, parentId: 2, first: 13, from: 'i' })}
)
SELECT number, status, amount_paid, created_at, updated_at FROM i`;

export type NewInvoice = Pick<Invoice, 'tenantId' | 'customerId' | 'jobId' | 'planId' | 'planPeriodStart' | 'dueOn' | 'taxRateId' | 'createdBy'>;

/** Numbers and inserts a draft invoice with its priced lines, in the caller's transaction; returns them as the entities the output mapper takes. */
export async function insertInvoice(em: EntityManager, v: NewInvoice, totals: DocumentTotals, lines: PricedLine[]): Promise<{ invoice: Invoice; lines: InvoiceLineItem[] }> {
  const columns = [v.customerId, v.jobId, v.planId, v.planPeriodStart, v.dueOn, v.taxRateId];
  type Row = { number: number; status: Invoice['status']; amount_paid: string; created_at: Date; updated_at: Date };
  const { id, lineIds, row } = await insertNumberedDocument<Row>(em, 'invoices.insert', INSERT_INVOICE, { tenantId: v.tenantId, createdBy: v.createdBy, columns, totals }, lines);
  const stamps = { createdAt: row.created_at, updatedAt: row.updated_at };
  const invoice = Object.assign(new Invoice(), v, totals, stamps, {
    id,
    number: Number(row.number),
    status: row.status,
    issuedOn: null,
    amountPaid: Number(row.amount_paid),
    paidAt: null,
    voidedAt: null,
  });
  return { invoice, lines: insertedLines(InvoiceLineItem, lines, lineIds, { ...stamps, tenantId: v.tenantId, invoiceId: id }) };
}
