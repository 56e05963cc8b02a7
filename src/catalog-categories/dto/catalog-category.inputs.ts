import { IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { Doc, IsId, Nullable, Optional, PageInput, Trim } from '../../common/validation';

export class CreateCatalogCategoryInput {
  @Doc('unique per tenant, ignoring case') @IsString() @Trim() @Length(1, 100) name!: string;
  @Doc('what belongs in it') @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
  @Doc('position in lists, lower first; default 0') @Optional() @IsInt() @Min(-1_000_000) @Max(1_000_000) sort_order?: number;
}

export class UpdateCatalogCategoryInput {
  @Doc('the category') @IsId() id!: string;
  @Doc('new name, unique per tenant ignoring case') @Optional() @IsString() @Trim() @Length(1, 100) name?: string;
  @Doc('null clears it') @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
  @Doc('position in lists, lower first') @Optional() @IsInt() @Min(-1_000_000) @Max(1_000_000) sort_order?: number;
}

export class ListCatalogCategoriesInput extends PageInput {
  @Doc('case-insensitive substring of the name') @Optional() @IsString() @Trim() @MaxLength(100) q?: string;
}

export class CatalogCategoryIdInput {
  @Doc('the category') @IsId() id!: string;
}
