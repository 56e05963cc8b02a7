import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsISO31661Alpha2, IsObject, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { Doc, IsId, IsIdList, Nullable, Optional, PageInput, SchemaHint, Trim } from '../../common/validation';

export class AddressInput {
  @Doc('street address') @Nullable() @IsString() @Trim() @MaxLength(200) line1?: string | null;
  @Doc('apartment, suite or unit') @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Doc('city or town') @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Doc('state, province or county') @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Doc('ZIP or postal code') @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  @Doc('ISO 3166-1 alpha-2, e.g. US')
  @Nullable()
  @IsString()
  @Trim()
  @SchemaHint({ pattern: '^[A-Za-z]{2}$' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country?: string | null;
}

// One wording per field, shared by create and update.
const D = {
  display_name: 'the name shown everywhere: a person or a business',
  first_name: "the person's given name",
  last_name: "the person's family name",
  company_name: 'business name, if any',
  email: "the customer's main email",
  phone: "the customer's main phone, free-form, e.g. +1 555 0100",
};

export class CreateCustomerInput {
  @Doc(D.display_name) @IsString() @Trim() @Length(1, 200) display_name!: string;
  @Doc(D.first_name) @Nullable() @IsString() @Trim() @MaxLength(100) first_name?: string | null;
  @Doc(D.last_name) @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Doc(D.company_name) @Nullable() @IsString() @Trim() @MaxLength(200) company_name?: string | null;
  @Doc(D.email) @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, { message: 'email must be a valid email address' }) email?: string | null;
  @Doc(D.phone) @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Doc('where invoices are addressed; every field optional') @Nullable() @IsObject() @ValidateNested() @Type(() => AddressInput) billing_address?: AddressInput | null;
  @Doc('tags to put on the customer (ids from tags.list)') @Optional() @IsIdList(100) tag_ids?: string[];
}

export class UpdateCustomerInput {
  @Doc('the customer') @IsId() id!: string;
  @Doc(D.display_name) @Optional() @IsString() @Trim() @Length(1, 200) display_name?: string;
  @Doc(D.first_name) @Nullable() @IsString() @Trim() @MaxLength(100) first_name?: string | null;
  @Doc(D.last_name) @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Doc(D.company_name) @Nullable() @IsString() @Trim() @MaxLength(200) company_name?: string | null;
  @Doc(D.email) @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, { message: 'email must be a valid email address' }) email?: string | null;
  @Doc(D.phone) @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Doc('replaces the whole address: fields left out become null') @Nullable() @IsObject() @ValidateNested() @Type(() => AddressInput) billing_address?: AddressInput | null;
  @Doc('replaces all the tags (ids from tags.list); [] removes them') @Optional() @IsIdList(100) tag_ids?: string[];
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class SearchCustomersInput extends PageInput {
  @Doc('case-insensitive substring of the display name, company, email or phone') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('only customers carrying this tag') @Optional() @IsId() tagId?: string;
  @Doc('true finds archived customers too (default false)') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CustomerIdInput {
  @Doc('the customer') @IsId() id!: string;
}
