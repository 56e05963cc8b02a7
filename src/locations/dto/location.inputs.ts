import { Transform } from 'class-transformer';
import { IsBoolean, IsISO31661Alpha2, IsNumber, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Nullable, Optional, PageInput, Trim } from '../../common/validation';

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

export class ListLocationsInput extends PageInput {
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CreateLocationInput {
  @IsUUID('all') customer_id!: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) label?: string | null;
  @IsString() @Trim() @Length(1, 200) line1!: string;
  @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  /** ISO 3166-1 alpha-2, default US. */
  @Optional() @IsString() @Upper() @IsISO31661Alpha2(countryMessage) country?: string;
  @Nullable() @Latitude() latitude?: number | null;
  @Nullable() @Longitude() longitude?: number | null;
  @Nullable() @IsString() @Trim() @MaxLength(2000) access_notes?: string | null;
}

/** customer_id is not here: a location stays with its customer. */
export class UpdateLocationInput {
  @IsUUID('all') id!: string;
  @Nullable() @IsString() @Trim() @MaxLength(100) label?: string | null;
  @Optional() @IsString() @Trim() @Length(1, 200) line1?: string;
  @Nullable() @IsString() @Trim() @MaxLength(200) line2?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) city?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(100) region?: string | null;
  @Nullable() @IsString() @Trim() @MaxLength(20) postal_code?: string | null;
  @Optional() @IsString() @Upper() @IsISO31661Alpha2(countryMessage) country?: string;
  @Nullable() @Latitude() latitude?: number | null;
  @Nullable() @Longitude() longitude?: number | null;
  @Nullable() @IsString() @Trim() @MaxLength(2000) access_notes?: string | null;
  /** false restores an archived location; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class LocationIdInput {
  @IsUUID('all') id!: string;
}
