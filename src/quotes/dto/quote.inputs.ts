import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { LineItemInput } from '../../catalog-items/dto/line-item.input';
import { IsDateOnly, Nullable, Optional, PageInput, Trim } from '../../common/validation';
import { QUOTE_STATUSES, QuoteStatus } from '../quote.entity';

/**
 * A nullable date's generated schema carries a $ref to "Object" (design:type of string | null with a
 * custom validator), which input-schema.ts inlines as {type:"object"}: replace it whole.
 */
export class CreateQuoteInput {
  @IsUUID('all') customer_id!: string;
  @Nullable() @IsUUID('all') location_id?: string | null;
  @IsString() @Trim() @Length(1, 200) title!: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) message?: string | null;
  @Nullable() @IsDateOnly() valid_until?: string | null;
  @Nullable() @IsUUID('all') tax_rate_id?: string | null;
  @Optional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => LineItemInput) line_items?: LineItemInput[];
}

export class UpdateQuoteInput {
  @IsUUID('all') id!: string;
  @Nullable() @IsUUID('all') location_id?: string | null;
  @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) message?: string | null;
  @Nullable() @IsDateOnly() valid_until?: string | null;
  @Nullable() @IsUUID('all') tax_rate_id?: string | null;
  @Optional() @IsIn(QUOTE_STATUSES) status?: QuoteStatus;
  @Optional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => LineItemInput) line_items?: LineItemInput[];
  /** false restores an archived quote; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class ListQuotesInput extends PageInput {
  @Optional() @IsIn(QUOTE_STATUSES) status?: QuoteStatus;
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class QuoteIdInput {
  @IsUUID('all') id!: string;
}
