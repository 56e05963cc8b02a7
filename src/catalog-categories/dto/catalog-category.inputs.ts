import { IsInt, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Nullable, Optional, PageInput, Trim } from '../../common/validation';

export class CreateCatalogCategoryInput {
  @IsString() @Trim() @Length(1, 100) name!: string;
  @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
  @Optional() @IsInt() @Min(-1_000_000) @Max(1_000_000) sort_order?: number;
}

export class UpdateCatalogCategoryInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 100) name?: string;
  @Nullable() @IsString() @Trim() @MaxLength(2000) description?: string | null;
  @Optional() @IsInt() @Min(-1_000_000) @Max(1_000_000) sort_order?: number;
}

export class ListCatalogCategoriesInput extends PageInput {
  @Optional() @IsString() @Trim() @MaxLength(100) q?: string;
}

export class CatalogCategoryIdInput {
  @IsUUID('all') id!: string;
}
