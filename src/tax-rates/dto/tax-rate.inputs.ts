import { IsBoolean, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsRate, Optional, PageInput, Trim } from '../../common/validation';

export class CreateTaxRateInput {
  @IsString() @Trim() @Length(1, 100) name!: string;
  @IsRate() rate!: number;
  @Optional() @IsBoolean() is_default?: boolean;
}

export class UpdateTaxRateInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 100) name?: string;
  @Optional() @IsRate() rate?: number;
  @Optional() @IsBoolean() is_default?: boolean;
  /** false restores an archived rate; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class ListTaxRatesInput extends PageInput {
  @Optional() @IsString() @Trim() @MaxLength(100) q?: string;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class TaxRateIdInput {
  @IsUUID('all') id!: string;
}
