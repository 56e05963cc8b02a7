import { IsBoolean, IsString, Length } from 'class-validator';
import { Doc, IsId, Optional, PageInput, Trim } from '../../common/validation';

export class ListNotesInput extends PageInput {
  @Doc('only notes on this customer') @Optional() @IsId() customerId?: string;
  @Doc('only notes on this job') @Optional() @IsId() jobId?: string;
  @Doc('true lists archived notes too (default false)') @Optional() @IsBoolean() includeArchived?: boolean;
}

/** Exactly one of customer_id / job_id (checked in the service, and by a CHECK in the schema). */
export class CreateNoteInput {
  @Doc('the note text') @IsString() @Trim() @Length(1, 10000) body!: string;
  @Doc('the customer the note is on; give this or job_id') @Optional() @IsId() customer_id?: string;
  @Doc('the job the note is on; give this or customer_id') @Optional() @IsId() job_id?: string;
  @Doc('true lists it before unpinned notes (default false)') @Optional() @IsBoolean() pinned?: boolean;
}

/** customer_id / job_id are not here: a note stays where it was written. */
export class UpdateNoteInput {
  @Doc('the note') @IsId() id!: string;
  @Doc('the new text') @Optional() @IsString() @Trim() @Length(1, 10000) body?: string;
  @Doc('true lists it before unpinned notes') @Optional() @IsBoolean() pinned?: boolean;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class NoteIdInput {
  @Doc('the note') @IsId() id!: string;
}
