import { IsBoolean, IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { Doc, IsId, Nullable, Optional, PageInput, Trim } from '../../common/validation';

const emailMessage = { message: 'email must be a valid email address' };

// One wording per field, shared by create and update.
const D = {
  first_name: 'given name',
  last_name: 'family name',
  email: "the person's email",
  phone: "the person's phone, free-form, e.g. +1 555 0100",
  title: 'job title, e.g. Facilities manager',
};

export class ListContactsInput extends PageInput {
  @Doc("only this customer's contacts") @Optional() @IsId() customerId?: string;
  @Doc('case-insensitive substring of the full name, email, phone or title') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('true lists archived contacts too (default false)') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CreateContactInput {
  @Doc('the customer this person belongs to; cannot change later') @IsId() customer_id!: string;
  @Doc(D.first_name) @IsString() @Trim() @Length(1, 100) first_name!: string;
  @Doc(D.last_name) @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Doc(D.email) @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, emailMessage) email?: string | null;
  @Doc(D.phone) @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Doc(D.title) @Nullable() @IsString() @Trim() @MaxLength(100) title?: string | null;
  @Doc("true makes this the customer's only primary contact (default false)") @Optional() @IsBoolean() is_primary?: boolean;
}

/** customer_id is not here: a contact stays with its customer. */
export class UpdateContactInput {
  @Doc('the contact') @IsId() id!: string;
  @Doc(D.first_name) @Optional() @IsString() @Trim() @Length(1, 100) first_name?: string;
  @Doc(D.last_name) @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Doc(D.email) @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, emailMessage) email?: string | null;
  @Doc(D.phone) @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Doc(D.title) @Nullable() @IsString() @Trim() @MaxLength(100) title?: string | null;
  @Doc('true makes it the primary contact; false unsets it') @Optional() @IsBoolean() is_primary?: boolean;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class ContactIdInput {
  @Doc('the contact') @IsId() id!: string;
}
