import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { LineItemInput } from '../../catalog-items/dto/line-item.input';
import { IsDateOnly, IsMoney, Nullable, Optional, PageInput } from '../../common/validation';
import { INVOICE_STATUSES, InvoiceStatus } from '../invoice.entity';

/**
 * A nullable date's generated schema carries a $ref to "Object" (design:type of string | null with a
 * custom validator), which input-schema.ts inlines as {type:"object"}: replace it whole.
 */
export class CreateInvoiceInput {
  /** required unless job_id is given (then it defaults to the job's customer) */
  @Optional() @IsUUID('all') customer_id?: string;
  @Nullable() @IsUUID('all') job_id?: string | null;
  @Nullable() @IsDateOnly() due_on?: string | null;
  @Nullable() @IsUUID('all') tax_rate_id?: string | null;
  @Optional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => LineItemInput) line_items?: LineItemInput[];
}

export const SETTABLE_INVOICE_STATUSES = ['draft', 'sent', 'paid'] as const;

export class UpdateInvoiceInput {
  @IsUUID('all') id!: string;
  /** draft, sent or paid (paid records the full total as paid); void goes through invoices.void */
  @Optional() @IsIn(SETTABLE_INVOICE_STATUSES) status?: (typeof SETTABLE_INVOICE_STATUSES)[number];
  @Nullable() @IsDateOnly() due_on?: string | null;
  @Nullable() @IsUUID('all') tax_rate_id?: string | null;
  @Optional() @IsMoney() amount_paid?: number;
  @Optional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => LineItemInput) line_items?: LineItemInput[];
}

export class ListInvoicesInput extends PageInput {
  @Optional() @IsIn(INVOICE_STATUSES) status?: InvoiceStatus;
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsUUID('all') jobId?: string;
  @Optional() @IsDateOnly() from?: string;
  @Optional() @IsDateOnly() to?: string;
}

export class InvoiceIdInput {
  @IsUUID('all') id!: string;
}
