import { Transform } from 'class-transformer';
import { IsBoolean, IsISO31661Alpha2, IsNumber, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { Doc, IsId, Nullable, Optional, PageInput, SchemaHint, Trim } from '../../common/validation';

const Upper = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
const countryMessage = { message: 'country must be an ISO 3166-1 alpha-2 code such as US' };
const Latitude = (): PropertyDecorator => (t, k) => {
  IsNumber({ allowNaN: false, allowInfinity: false })(t, k);
  Min(-90, { message: 'latitude must be between -90 and 90' })(t, k);
  Max(90, { message: 'latitude must be between -90 and 90' })(t, k);
};
const Longitude = (): PropertyDecorator => (t, k) => {
  IsNumber({ allowNaN: false, allowInfinity: false })(t, k);
  Min(-180, { message: 'longitude must be between -180 and 180' })(t, k);
  Max(180, { message: 'longitude must be between -180 and 180' })(t, k);
};

// One wording per field, shared by create and update.
const D = {
  label: 'short name for the site, e.g. Lake house',
  line1: 'street address',
  line2: 'apartment, suite or unit',
  city: 'city or town',
  region: 'state, province or county',
  postal_code: 'ZIP or postal code',
  latitude: 'decimal degrees; give it with longitude',
  longitude: 'decimal degrees; give it with latitude',
  access_notes: 'how to get in: gate codes, parking, pets',
};

export class ListLocationsInput extends PageInput {
  @Doc("only this customer's locations") @Optional() @IsId() customerId?: string;
  @Doc('case-insensitive substring of the label, address lines, city or postal code') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('true lists archived locations too (default false)') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CreateLocationInput {
  @Doc('the customer whose site this is; cannot change later') @IsId() customer_id!: string;
  @Doc(D.label) @Nullable() @IsString() @Trim() @MaxLength(100) label?: string | null;
  @Doc(D.line1) @IsString() @Trim() @Length(1, 200) line1!: string;
  @Doc(D.line2) @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Doc(D.city) @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Doc(D.region) @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Doc(D.postal_code) @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  @Doc('ISO 3166-1 alpha-2 (default US)') @Optional() @IsString() @Upper() @SchemaHint({ pattern: '^[A-Za-z]{2}$' }) @IsISO31661Alpha2(countryMessage) country?: string;
  @Doc(D.latitude) @Nullable() @Latitude() latitude?: number | null;
  @Doc(D.longitude) @Nullable() @Longitude() longitude?: number | null;
  @Doc(D.access_notes) @Nullable() @IsString() @Trim() @MaxLength(2000) access_notes?: string | null;
}

/** customer_id is not here: a location stays with its customer. */
export class UpdateLocationInput {
  @Doc('the location') @IsId() id!: string;
  @Doc(D.label) @Nullable() @IsString() @Trim() @MaxLength(100) label?: string | null;
  @Doc(D.line1) @Optional() @IsString() @Trim() @Length(1, 200) line1?: string;
  @Doc(D.line2) @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Doc(D.city) @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Doc(D.region) @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Doc(D.postal_code) @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  @Doc('ISO 3166-1 alpha-2') @Optional() @IsString() @Upper() @SchemaHint({ pattern: '^[A-Za-z]{2}$' }) @IsISO31661Alpha2(countryMessage) country?: string;
  @Doc(D.latitude) @Nullable() @Latitude() latitude?: number | null;
  @Doc(D.longitude) @Nullable() @Longitude() longitude?: number | null;
  @Doc(D.access_notes) @Nullable() @IsString() @Trim() @MaxLength(2000) access_notes?: string | null;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class LocationIdInput {
  @Doc('the location') @IsId() id!: string;
}
