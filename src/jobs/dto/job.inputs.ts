import { IsIn, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { Doc, IsId, IsIdList, IsMoney, IsQuantity, IsTimestamp, Nullable, ObjectList, Optional, PageInput, Trim } from '../../common/validation';
import { JOB_STATUSES, JobStatus } from '../job.entity';

/** One line of a job or a series template. With a catalog_item_id, description and unit_price default to the item's. */
export class JobLineItemInput {
  @Doc('a pricebook item (catalog_items.list)') @Nullable() @IsId() catalog_item_id?: string | null;
  @Doc("what is charged, e.g. Labor; defaults to the catalog item's name") @Optional() @IsString() @Trim() @Length(1, 500) description?: string;
  @Doc("price of one unit; defaults to the catalog item's") @Optional() @IsMoney() unit_price?: number;
  @Doc('number of units, e.g. hours') @IsQuantity() quantity!: number;
  @Doc('position in the list (default: its index in the array)') @Optional() @IsInt() @Min(0) @Max(1_000_000) sort_order?: number;
}

// Undocumented but generous caps, so one request cannot write an unbounded number of rows.
const MAX_LINE_ITEMS = 500;
const MAX_ASSIGNEES = 100;

// One wording per field, shared by create and update.
const D = {
  title: 'short name of the work, e.g. Replace kitchen faucet',
  description: 'longer notes on the work',
  flat_price: 'fixed price billed instead of the line items',
  scheduled_end: 'when the work should end; not before scheduled_start',
};

export class CreateJobInput {
  @Doc(D.title) @IsString() @Trim() @Length(1, 200) title!: string;
  @Doc('the customer the work is for; omit or null for none') @Nullable() @IsId() customer_id?: string | null;
  @Doc('an approved quote: the job takes its customer, location and line items when those are not given') @Optional() @IsId() quote_id?: string;
  @Doc("where the work happens: one of the customer's locations") @Nullable() @IsId() location_id?: string | null;
  @Doc(D.description) @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc(D.flat_price) @Nullable() @IsMoney() flat_price?: number | null;
  @Doc('when the work starts; giving it makes the job scheduled') @Nullable() @IsTimestamp() scheduled_start?: string | null;
  @Doc(D.scheduled_end) @Nullable() @IsTimestamp() scheduled_end?: string | null;
  @Doc('what the job charges for')
  @ObjectList(() => JobLineItemInput, MAX_LINE_ITEMS)
  line_items?: JobLineItemInput[];
  @Doc('users of this tenant who do the work')
  @Optional()
  @IsIdList(MAX_ASSIGNEES, { message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class UpdateJobInput {
  @Doc('the job') @IsId() id!: string;
  @Doc(D.title) @Optional() @IsString() @Trim() @Length(1, 200) title?: string;
  @Doc('the customer the work is for; null unlinks it') @Nullable() @IsId() customer_id?: string | null;
  @Doc("where the work happens: one of the customer's locations") @Nullable() @IsId() location_id?: string | null;
  @Doc(D.description) @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc(D.flat_price) @Nullable() @IsMoney() flat_price?: number | null;
  @Doc('set it explicitly: done stamps completed_at, any other status clears it')
  @Optional()
  @IsIn(JOB_STATUSES as unknown as string[], { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: JobStatus;
  @Doc('when the work starts; null unschedules (done and cancelled jobs keep their status)') @Nullable() @IsTimestamp() scheduled_start?: string | null;
  @Doc(D.scheduled_end) @Nullable() @IsTimestamp() scheduled_end?: string | null;
  @Doc('replaces every line item; omit to keep them')
  @ObjectList(() => JobLineItemInput, MAX_LINE_ITEMS)
  line_items?: JobLineItemInput[];
  @Doc('replaces every assignment; [] unassigns everyone')
  @Optional()
  @IsIdList(MAX_ASSIGNEES, { message: 'assigned_user_ids must contain only user ids (UUIDs)' })
  assigned_user_ids?: string[];
}

export class ListJobsInput extends PageInput {
  @Doc('only jobs in this status')
  @Optional()
  @IsIn(JOB_STATUSES as unknown as string[], { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: JobStatus;
  @Doc("only this customer's jobs") @Optional() @IsId() customerId?: string;
  @Doc('only the instances of this job series') @Optional() @IsId() seriesId?: string;
  @Doc('only jobs whose scheduled_start is at or after this') @Optional() @IsTimestamp() from?: string;
  @Doc('only jobs whose scheduled_start is at or before this') @Optional() @IsTimestamp() to?: string;
  @Doc('case-insensitive substring of the title') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
}

export class JobIdInput {
  @Doc('the job') @IsId() id!: string;
}
