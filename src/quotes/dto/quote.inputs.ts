import { IsBoolean, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { LineItemInput } from '../../catalog-items/dto/line-item.input';
import { Doc, IsDateOnly, IsId, Nullable, ObjectList, Optional, PageInput, Trim } from '../../common/validation';
import { QUOTE_STATUSES, QuoteStatus } from '../quote.entity';

export class CreateQuoteInput {
  @Doc('the customer quoted') @IsId() customer_id!: string;
  @Doc('a service location of that customer') @Nullable() @IsId() location_id?: string | null;
  @Doc('what the work is, e.g. "Water heater replacement"') @IsString() @Trim() @Length(1, 200) title!: string;
  @Doc('text for the customer') @Nullable() @IsString() @Trim() @MaxLength(5000) message?: string | null;
  @Doc('last day the offer holds') @Nullable() @IsDateOnly() valid_until?: string | null;
  @Doc('a non-archived tax rate; without one there is no tax (the default rate is not applied by itself)') @Nullable() @IsId() tax_rate_id?: string | null;
  @Doc('the lines, priced by the server; default none')
  @ObjectList(() => LineItemInput, 500)
  line_items?: LineItemInput[];
}

export class UpdateQuoteInput {
  @Doc('the quote') @IsId() id!: string;
  @Doc("a location of the quote's customer; null clears it") @Nullable() @IsId() location_id?: string | null;
  @Doc('new title') @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Doc('null clears it') @Nullable() @IsString() @Trim() @MaxLength(5000) message?: string | null;
  @Doc('null clears it') @Nullable() @IsDateOnly() valid_until?: string | null;
  @Doc('a non-archived tax rate; null removes tax; totals are recomputed') @Nullable() @IsId() tax_rate_id?: string | null;
  @Doc('sent stamps sent_at, approved stamps approved_at') @Optional() @IsIn(QUOTE_STATUSES) status?: QuoteStatus;
  @Doc('replaces every line; totals are recomputed')
  @ObjectList(() => LineItemInput, 500)
  line_items?: LineItemInput[];
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class ListQuotesInput extends PageInput {
  @Doc('only quotes in this status') @Optional() @IsIn(QUOTE_STATUSES) status?: QuoteStatus;
  @Doc("only this customer's quotes") @Optional() @IsId() customerId?: string;
  @Doc('case-insensitive substring of the title or number (Q-1001)') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('include archived quotes; default false') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class QuoteIdInput {
  @Doc('the quote') @IsId() id!: string;
}
