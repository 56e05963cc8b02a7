import { IsBoolean, IsString, IsUUID, Length } from 'class-validator';
import { Optional, PageInput, Trim } from '../../common/validation';

export class ListNotesInput extends PageInput {
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsUUID('all') jobId?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

/** Exactly one of customer_id / job_id (checked in the service, and by a CHECK in the schema). */
export class CreateNoteInput {
  @IsString() @Trim() @Length(1, 10000) body!: string;
  @Optional() @IsUUID('all') customer_id?: string;
  @Optional() @IsUUID('all') job_id?: string;
  @Optional() @IsBoolean() pinned?: boolean;
}

/** customer_id / job_id are not here: a note stays where it was written. */
export class UpdateNoteInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 10000) body?: string;
  @Optional() @IsBoolean() pinned?: boolean;
  /** false restores an archived note; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class NoteIdInput {
  @IsUUID('all') id!: string;
}
