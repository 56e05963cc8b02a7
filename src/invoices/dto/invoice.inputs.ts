import { IsIn } from 'class-validator';
import { LineItemInput } from '../../catalog-items/dto/line-item.input';
import { Doc, IsDateOnly, IsId, IsMoney, Nullable, ObjectList, Optional, PageInput } from '../../common/validation';
import { INVOICE_STATUSES, InvoiceStatus } from '../invoice.entity';

export class CreateInvoiceInput {
  @Doc("the customer billed; required unless job_id is given (then the job's customer)") @Optional() @IsId() customer_id?: string;
  @Doc('a job to bill: without line_items, the invoice gets one line for its flat_price, else its line items') @Nullable() @IsId() job_id?: string | null;
  @Doc('default: 30 days after it is issued (sent)') @Nullable() @IsDateOnly() due_on?: string | null;
  @Doc('a non-archived tax rate; without one there is no tax (the default rate is not applied by itself)') @Nullable() @IsId() tax_rate_id?: string | null;
  @Doc('the lines, priced by the server') @ObjectList(() => LineItemInput, 500) line_items?: LineItemInput[];
}

export const SETTABLE_INVOICE_STATUSES = ['draft', 'sent', 'paid'] as const;

export class UpdateInvoiceInput {
  @Doc('the invoice') @IsId() id!: string;
  @Doc('back to draft only while nothing is paid; void goes through invoices.void')
  @Optional()
  @IsIn(SETTABLE_INVOICE_STATUSES)
  status?: (typeof SETTABLE_INVOICE_STATUSES)[number];
  @Doc('null clears it; a draft then gets issue date + 30 days when sent') @Nullable() @IsDateOnly() due_on?: string | null;
  @Doc('null removes tax; totals are recomputed') @Nullable() @IsId() tax_rate_id?: string | null;
  @Doc('up to total; below the total again reopens a paid invoice as sent') @Optional() @IsMoney() amount_paid?: number;
  @Doc('replaces every line; totals are recomputed')
  @ObjectList(() => LineItemInput, 500)
  line_items?: LineItemInput[];
}

export class ListInvoicesInput extends PageInput {
  @Doc('only invoices in this status') @Optional() @IsIn(INVOICE_STATUSES) status?: InvoiceStatus;
  @Doc("only this customer's invoices") @Optional() @IsId() customerId?: string;
  @Doc('only invoices billing this job') @Optional() @IsId() jobId?: string;
  @Doc('issued_on on or after this date') @Optional() @IsDateOnly() from?: string;
  @Doc('issued_on on or before this date') @Optional() @IsDateOnly() to?: string;
}

export class InvoiceIdInput {
  @Doc('the invoice') @IsId() id!: string;
}
