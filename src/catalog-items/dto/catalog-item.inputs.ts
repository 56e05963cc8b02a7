import { IsBoolean, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsMoney, Nullable, Optional, PageInput, Trim } from '../../common/validation';

/** number | null with a custom validator is generated as a $ref to "Object" ({type:"object"}): replace it whole. */
import { ITEM_KINDS, ItemKind } from '../catalog-item.entity';

export class CreateCatalogItemInput {
  @IsString() @Trim() @Length(1, 200) name!: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @IsMoney() unit_price!: number;
  @Nullable() @IsMoney() unit_cost?: number | null;
  @Nullable() @IsString() @Trim() @MaxLength(20) unit?: string | null;
  @Optional() @IsBoolean() taxable?: boolean;
  @Nullable() @IsUUID('all') category_id?: string | null;
  @Nullable() @IsString() @Trim() @Length(1, 64) sku?: string | null;
}

export class UpdateCatalogItemInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 200) name?: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @Optional() @IsMoney() unit_price?: number;
  @Nullable() @IsMoney() unit_cost?: number | null;
  @Nullable() @IsString() @Trim() @MaxLength(20) unit?: string | null;
  @Optional() @IsBoolean() taxable?: boolean;
  @Nullable() @IsUUID('all') category_id?: string | null;
  @Nullable() @IsString() @Trim() @Length(1, 64) sku?: string | null;
  /** false restores an archived item; true archives it. */
  @Optional() @IsBoolean() archived?: boolean;
}

export class ListCatalogItemsInput extends PageInput {
  @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Optional() @IsUUID('all') categoryId?: string;
  @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CatalogItemIdInput {
  @IsUUID('all') id!: string;
}
