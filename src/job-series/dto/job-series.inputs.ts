import { Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateOnly, IsMoney, Nullable, Optional, PageInput, SchemaHint, Trim } from '../../common/validation';
import { JobLineItemInput } from '../../jobs/dto/job.inputs';

const MAX_LINE_ITEMS = 500;
const MAX_ASSIGNEES = 100;
/** "HH:MM", 24h, local to the series timezone: 00:00 to 23:59, two digits each. */
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HH_MM_MESSAGE = 'start_time must be a local time "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:00"';

export class CreateJobSeriesInput {
  @IsString() @Trim() @Length(1, 200) title!: string;
  /** RFC 5545 RRULE; checked in depth by the recurrence engine (invalid_input naming rrule). */
  @IsString() @Trim() @Length(1, 1000) rrule!: string;
  @IsString() @Trim() @Length(1, 100) timezone!: string;
  @IsDateOnly() dtstart!: string;
  @Nullable() @IsUUID('all') customer_id?: string | null;
  /** A location of this tenant and of the series' customer; instances copy it. */
  @Nullable() @IsUUID('all') location_id?: string | null;
  /** Each instance starts at this local time (null: local midnight). */
  @Nullable() @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE }) start_time?: string | null;
  /** Each instance's scheduled_end = scheduled_start + duration_minutes; needs start_time. */
  @Nullable() @IsInt() @Min(1) @Max(1440) duration_minutes?: number | null;
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
  /** A location of this tenant and of the series' customer; instances copy it. */
  @Nullable() @IsUUID('all') location_id?: string | null;
  /** Each instance starts at this local time (null: local midnight). */
  @Nullable() @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE }) start_time?: string | null;
  /** Each instance's scheduled_end = scheduled_start + duration_minutes; needs start_time. */
  @Nullable() @IsInt() @Min(1) @Max(1440) duration_minutes?: number | null;
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
