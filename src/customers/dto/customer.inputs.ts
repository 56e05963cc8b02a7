import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsISO31661Alpha2, IsObject, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { Nullable, Optional, PageInput, Trim } from '../../common/validation';

export class AddressInput {
  @Nullable() @IsString() @Trim() @MaxLength(200) line1?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  @Nullable() @IsString() @Trim() @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as US' }) country?: string | null;
}

export class CreateCustomerInput {
  @IsString() @Trim() @Length(1, 200) display_name!: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) first_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(200) company_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, { message: 'email must be a valid email address' }) email?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Nullable() @IsObject() @ValidateNested() @Type(() => AddressInput) billing_address?: AddressInput | null;
  /** The customer's tags (ids from tags.list); on update the list replaces the old one wholesale, [] clears it. */
  @Optional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) tag_ids?: string[];
}

export class UpdateCustomerInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 200) display_name?: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) first_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) last_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(200) company_name?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(320) @IsEmail({}, { message: 'email must be a valid email address' }) email?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(40) phone?: string | null;
  @Nullable() @IsObject() @ValidateNested() @Type(() => AddressInput) billing_address?: AddressInput | null;
  /** The customer's tags (ids from tags.list); on update the list replaces the old one wholesale, [] clears it. */
  @Optional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) tag_ids?: string[];
  /** false restores an archived customer; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class SearchCustomersInput extends PageInput {
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  /** only customers carrying this tag */
  @Optional() @IsUUID('all') tagId?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CustomerIdInput {
  @IsUUID('all') id!: string;
}
