import { Equals, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Doc, IsDateOnly, IsId, IsIdList, IsMoney, Nullable, ObjectList, Optional, PageInput, SchemaHint, Trim } from '../../common/validation';
import { JobLineItemInput } from '../../jobs/dto/job.inputs';

/**
 * Every generated instance copies the whole template, so lines × instances is what a window writes:
 * 200 lines × a 90-day daily window is 18,000 rows (the generator writes at most 20,000 per run).
 */
const MAX_LINE_ITEMS = 200;
const MAX_ASSIGNEES = 100;
/** "HH:MM", 24h, local to the series timezone: 00:00 to 23:59, two digits each. */
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HH_MM_MESSAGE = 'start_time must be a local time "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:00"';

// One wording per field, shared by create and update.
const D = {
  title: 'title of every generated job',
  rrule: 'RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO',
  timezone: 'IANA time zone the occurrence dates are in, e.g. America/Los_Angeles',
  location_id: "where the work happens: one of the customer's locations; generated jobs copy it",
  duration_minutes: 'length of every generated job, which sets its scheduled_end; needs start_time',
  description: 'copied onto every generated job',
  flat_price: 'fixed price of every generated job, billed instead of its line items',
  line_items: `template line items copied onto every generated job (at most ${MAX_LINE_ITEMS})`,
  assigned_user_ids: 'users of this tenant assigned to every generated job',
};

export class CreateJobSeriesInput {
  @Doc(D.title) @IsString() @Trim() @Length(1, 200) title!: string;
  /** Checked in depth by the recurrence engine (invalid_input naming rrule). */
  @Doc(D.rrule) @IsString() @Trim() @Length(1, 1000) rrule!: string;
  @Doc(D.timezone) @IsString() @Trim() @Length(1, 100) timezone!: string;
  @Doc('first possible occurrence date, anchoring the rule; cannot change later') @IsDateOnly() dtstart!: string;
  @Doc('the customer every generated job is for') @Nullable() @IsId() customer_id?: string | null;
  @Doc(D.location_id) @Nullable() @IsId() location_id?: string | null;
  @Doc('local start time of every generated job, "HH:MM" 24-hour; omit for midnight')
  @Nullable()
  @IsString()
  @Matches(HH_MM, { message: HH_MM_MESSAGE })
  start_time?: string | null;
  @Doc(D.duration_minutes) @Nullable() @IsInt() @Min(1) @Max(1440) duration_minutes?: number | null;
  @Doc(D.description) @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc(D.flat_price) @Nullable() @IsMoney() flat_price?: number | null;
  @Doc('last possible occurrence date; omit for an open-ended series') @Nullable() @IsDateOnly() ends_on?: string | null;
  @Doc('cap on generated jobs over the life of the series; omit for none') @Nullable() @IsInt() @Min(1) @Max(366) max_occurrences?: number | null;
  @Doc(D.line_items)
  @ObjectList(() => JobLineItemInput, MAX_LINE_ITEMS)
  line_items?: JobLineItemInput[];
  @Doc(D.assigned_user_ids)
  @Optional()
  @IsIdList(MAX_ASSIGNEES, { message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class UpdateJobSeriesInput {
  @Doc('the series') @IsId() id!: string;
  @Doc(D.title) @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Doc('new recurrence rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=MO') @Optional() @IsString() @Trim() @Length(1, 1000) rrule?: string;
  @Doc(D.timezone) @Optional() @IsString() @Trim() @Length(1, 100) timezone?: string;
  /** Immutable: present at all → invalid_input naming dtstart. */
  @ValidateIf((_o, v) => v !== undefined)
  @Equals(Symbol('never'), { message: 'dtstart cannot be changed after a series is created; end the series and create a new one' })
  @SchemaHint({ not: {}, description: 'cannot be changed: sending it is invalid_input (end the series and create a new one)' })
  dtstart?: never;
  @Doc('the customer every generated job is for; null unlinks it') @Nullable() @IsId() customer_id?: string | null;
  @Doc(D.location_id) @Nullable() @IsId() location_id?: string | null;
  @Doc('local start time of every generated job, "HH:MM" 24-hour; null means midnight and clears duration_minutes')
  @Nullable()
  @IsString()
  @Matches(HH_MM, { message: HH_MM_MESSAGE })
  start_time?: string | null;
  @Doc(D.duration_minutes) @Nullable() @IsInt() @Min(1) @Max(1440) duration_minutes?: number | null;
  @Doc(D.description) @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc(D.flat_price) @Nullable() @IsMoney() flat_price?: number | null;
  @Doc('last possible occurrence date; null makes it open-ended, a future date pauses generation there') @Nullable() @IsDateOnly() ends_on?: string | null;
  @Doc('cap on generated jobs over the life of the series; null removes it') @Nullable() @IsInt() @Min(1) @Max(366) max_occurrences?: number | null;
  @Doc(`replaces the template line items (at most ${MAX_LINE_ITEMS}); omit to keep them`)
  @ObjectList(() => JobLineItemInput, MAX_LINE_ITEMS)
  line_items?: JobLineItemInput[];
  @Doc('replaces the template assignments; [] for none')
  @Optional()
  @IsIdList(MAX_ASSIGNEES, { message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class ListJobSeriesInput extends PageInput {
  @Doc("only this customer's series") @Optional() @IsId() customerId?: string;
}

export class JobSeriesIdInput {
  @Doc('the series') @IsId() id!: string;
}
