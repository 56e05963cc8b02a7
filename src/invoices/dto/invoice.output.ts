import { LINE_ITEM_OUTPUT, toLineOutput } from '../../catalog-items/line-item.base';
import { iso } from '../../common/entity.base';
import { arrayOf, date, money, nullable, obj, oneOf, pageSchema, timestamp, uuid } from '../../mcp/output-schema';
import { dec, toMoney } from '../../common/money';
import { InvoiceLineItem } from '../invoice-line-item.entity';
import { Invoice, INVOICE_STATUSES } from '../invoice.entity';

export const invoiceNumber = (n: number) => `INV-${n}`;

export function toInvoiceOutput(i: Invoice, lines?: InvoiceLineItem[]) {
  return {
    id: i.id,
    tenant_id: i.tenantId,
    number: invoiceNumber(i.number),
    customer_id: i.customerId,
    job_id: i.jobId,
    plan_id: i.planId,
    status: i.status,
    issued_on: i.issuedOn,
    due_on: i.dueOn,
    tax_rate_id: i.taxRateId,
    ...(lines ? { line_items: lines.map(toLineOutput) } : {}),
    subtotal: i.subtotal,
    tax_total: i.taxTotal,
    total: i.total,
    amount_paid: i.amountPaid,
    balance_due: toMoney(dec(i.total).minus(dec(i.amountPaid))),
    paid_at: iso(i.paidAt),
    voided_at: iso(i.voidedAt),
    created_by: i.createdBy,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
  };
}

const INVOICE_FIELDS = {
  id: uuid(),
  tenant_id: uuid(),
  number: { type: 'string', pattern: '^INV-[0-9]+$' },
  customer_id: uuid(),
  job_id: nullable(uuid()),
  plan_id: nullable(uuid('set when the plan billing run made it')),
  status: oneOf(INVOICE_STATUSES),
  issued_on: nullable(date('set when sent (or paid from draft)')),
  due_on: nullable(date()),
  tax_rate_id: nullable(uuid()),
  subtotal: money(),
  tax_total: money(),
  total: money(),
  amount_paid: money(),
  balance_due: money(),
  paid_at: nullable(timestamp()),
  voided_at: nullable(timestamp()),
  created_by: nullable(uuid()),
  created_at: timestamp(),
  updated_at: timestamp(),
};
/** One invoice with its line items (get, create, update, void). */
export const INVOICE_OUTPUT = obj({ ...INVOICE_FIELDS, line_items: arrayOf(LINE_ITEM_OUTPUT) });
/** invoices.list rows carry no line items. */
export const INVOICE_PAGE_OUTPUT = pageSchema(obj(INVOICE_FIELDS));
