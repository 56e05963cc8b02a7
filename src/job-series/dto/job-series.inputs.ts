import { Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateOnly, IsMoney, Nullable, Optional, PageInput, SchemaHint, Trim } from '../../common/validation';
import { JobLineItemInput } from '../../jobs/dto/job.inputs';

const MAX_LINE_ITEMS = 500;
const MAX_ASSIGNEES = 100;

export class CreateJobSeriesInput {
  @IsString() @Trim() @Length(1, 200) title!: string;
  /** RFC 5545 RRULE; checked in depth by the recurrence engine (invalid_input naming rrule). */
  @IsString() @Trim() @Length(1, 1000) rrule!: string;
  @IsString() @Trim() @Length(1, 100) timezone!: string;
  @IsDateOnly() dtstart!: string;
  @Nullable() @IsUUID('all') customer_id?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Nullable() @IsMoney() flat_price?: number | null;
  @Nullable() @IsDateOnly() ends_on?: string | null;
  @Nullable() @IsInt() @Min(1) @Max(366) max_occurrences?: number | null;
  @Optional() @IsArray() @ArrayMaxSize(MAX_LINE_ITEMS) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => JobLineItemInput)
  line_items?: JobLineItemInput[];
  @Optional() @IsArray() @ArrayMaxSize(MAX_ASSIGNEES) @IsUUID('all', { each: true, message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class UpdateJobSeriesInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Optional() @IsString() @Trim() @Length(1, 1000) rrule?: string;
  @Optional() @IsString() @Trim() @Length(1, 100) timezone?: string;
  /** Immutable: present at all → invalid_input naming dtstart. */
  @ValidateIf((_o, v) => v !== undefined)
  @Equals(Symbol('never'), { message: 'dtstart cannot be changed after a series is created; end the series and create a new one' })
  @SchemaHint({ not: {}, description: 'Immutable: passing it is invalid_input.' })
  dtstart?: never;
  @Nullable() @IsUUID('all') customer_id?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Nullable() @IsMoney() flat_price?: number | null;
  @Nullable() @IsDateOnly() ends_on?: string | null;
  @Nullable() @IsInt() @Min(1) @Max(366) max_occurrences?: number | null;
  @Optional() @IsArray() @ArrayMaxSize(MAX_LINE_ITEMS) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => JobLineItemInput)
  line_items?: JobLineItemInput[];
  @Optional() @IsArray() @ArrayMaxSize(MAX_ASSIGNEES) @IsUUID('all', { each: true, message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class ListJobSeriesInput extends PageInput {
  @Optional() @IsUUID('all') customerId?: string;
}

export class JobSeriesIdInput {
  @IsUUID('all') id!: string;
}
