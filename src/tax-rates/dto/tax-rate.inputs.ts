import { IsBoolean, IsString, Length, MaxLength } from 'class-validator';
import { Doc, IsId, IsRate, Optional, PageInput, Trim } from '../../common/validation';

export class CreateTaxRateInput {
  @Doc('shown on documents, e.g. "NYC sales tax"') @IsString() @Trim() @Length(1, 100) name!: string;
  @Doc('percent: 8.875 means 8.875%') @IsRate() rate!: number;
  @Doc("true makes it the tenant's only default (the previous one is unset); default false") @Optional() @IsBoolean() is_default?: boolean;
}

export class UpdateTaxRateInput {
  @Doc('the tax rate') @IsId() id!: string;
  @Doc('new name') @Optional() @IsString() @Trim() @Length(1, 100) name?: string;
  @Doc('new percent; documents keep their totals until their lines or rate change') @Optional() @IsRate() rate?: number;
  @Doc('true makes it the only default, false unsets it') @Optional() @IsBoolean() is_default?: boolean;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class ListTaxRatesInput extends PageInput {
  @Doc('case-insensitive substring of the name') @Optional() @IsString() @Trim() @MaxLength(100) q?: string;
  @Doc('include archived rates; default false') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class TaxRateIdInput {
  @Doc('the tax rate') @IsId() id!: string;
}
