import { toLineOutput } from '../../catalog-items/line-item.base';
import { iso } from '../../common/entity.base';
import { dec, toMoney } from '../../common/money';
import { InvoiceLineItem } from '../invoice-line-item.entity';
import { Invoice } from '../invoice.entity';

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
