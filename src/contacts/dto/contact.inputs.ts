import { IsBoolean, IsEmail, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Nullable, Optional, PageInput, Trim } from '../../common/validation';

const emailMessage = { message: 'email must be a valid email address' };

export class ListContactsInput extends PageInput {
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CreateContactInput {
  @IsUUID('all') customer_id!: string;
  @IsString() @Trim() @Length(1, 100) first_name!: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, emailMessage) email?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) title?: string | null;
  @Optional() @IsBoolean() is_primary?: boolean;
}

/** customer_id is not here: a contact stays with its customer. */
export class UpdateContactInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 100) first_name?: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, emailMessage) email?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) title?: string | null;
  @Optional() @IsBoolean() is_primary?: boolean;
  /** false restores an archived contact; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class ContactIdInput {
  @IsUUID('all') id!: string;
}
