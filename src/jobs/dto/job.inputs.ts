import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsMoney, IsQuantity, IsTimestamp, Nullable, Optional, PageInput, Trim } from '../../common/validation';
import { JOB_STATUSES, JobStatus } from '../job.entity';

/** One line of a job or a series template. With a catalog_item_id, description and unit_price default to the item's. */
export class JobLineItemInput {
  @Nullable() @IsUUID('all') catalog_item_id?: string | null;
  @Optional() @IsString() @Trim() @Length(1, 500) description?: string;
  @Optional() @IsMoney() unit_price?: number;
  @IsQuantity() quantity!: number;
  /** Defaults to the item's index in the array. */
  @Optional() @IsInt() @Min(0) @Max(1_000_000) sort_order?: number;
}

// Undocumented but generous caps, so one request cannot write an unbounded number of rows.
const MAX_LINE_ITEMS = 500;
const MAX_ASSIGNEES = 100;

export class CreateJobInput {
  @IsString() @Trim() @Length(1, 200) title!: string;
  @Nullable() @IsUUID('all') customer_id?: string | null;
  /** An approved quote of this tenant: the job copies its customer, location and line items when those are not given. */
  @Optional() @IsUUID('all') quote_id?: string;
  /** Where the work happens: a location of the job's customer. */
  @Nullable() @IsUUID('all') location_id?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Nullable() @IsMoney() flat_price?: number | null;
  @Nullable() @IsTimestamp() scheduled_start?: string | null;
  @Nullable() @IsTimestamp() scheduled_end?: string | null;
  @Optional() @IsArray() @ArrayMaxSize(MAX_LINE_ITEMS) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => JobLineItemInput)
  line_items?: JobLineItemInput[];
  @Optional() @IsArray() @ArrayMaxSize(MAX_ASSIGNEES) @IsUUID('all', { each: true, message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class UpdateJobInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Nullable() @IsUUID('all') customer_id?: string | null;
  @Nullable() @IsUUID('all') location_id?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Nullable() @IsMoney() flat_price?: number | null;
  @Optional() @IsIn(JOB_STATUSES as unknown as string[], { message: `status must be one of ${JOB_STATUSES.join(', ')}` }) status?: JobStatus;
  @Nullable() @IsTimestamp() scheduled_start?: string | null;
  @Nullable() @IsTimestamp() scheduled_end?: string | null;
  @Optional() @IsArray() @ArrayMaxSize(MAX_LINE_ITEMS) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => JobLineItemInput)
  line_items?: JobLineItemInput[];
  @Optional() @IsArray() @ArrayMaxSize(MAX_ASSIGNEES) @IsUUID('all', { each: true, message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class ListJobsInput extends PageInput {
  @Optional() @IsIn(JOB_STATUSES as unknown as string[], { message: `status must be one of ${JOB_STATUSES.join(', ')}` }) status?: JobStatus;
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsUUID('all') seriesId?: string;
  @Optional() @IsTimestamp() from?: string;
  @Optional() @IsTimestamp() to?: string;
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
}

export class JobIdInput {
  @IsUUID('all') id!: string;
}
