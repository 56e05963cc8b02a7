import { IsBoolean, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { Doc, IsId, IsMoney, Nullable, Optional, PageInput, Trim } from '../../common/validation';
import { ITEM_KINDS, ItemKind } from '../catalog-item.entity';

export class CreateCatalogItemInput {
  @Doc('what the item is called on documents') @IsString() @Trim() @Length(1, 200) name!: string;
  @Doc('line items naming this item copy it as their description (else the name)') @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc('service (labour) or material (parts); default service') @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @Doc('the price charged per unit') @IsMoney() unit_price!: number;
  @Doc('what one unit costs the business (for margins); never shown on documents') @Nullable() @IsMoney() unit_cost?: number | null;
  @Doc('unit of sale, e.g. "hour", "each"') @Nullable() @IsString() @Trim() @MaxLength(20) unit?: string | null;
  @Doc('whether documents tax it; default true') @Optional() @IsBoolean() taxable?: boolean;
  @Doc('a catalog category of this tenant') @Nullable() @IsId() category_id?: string | null;
  @Doc('stock code, unique per tenant when set') @Nullable() @IsString() @Trim() @Length(1, 64) sku?: string | null;
}

export class UpdateCatalogItemInput {
  @Doc('the catalog item') @IsId() id!: string;
  @Doc('new name') @Optional() @IsString() @Trim() @Length(1, 200) name?: string;
  @Doc('null clears it') @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc('service (labour) or material (parts)') @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @Doc('the new price charged per unit') @Optional() @IsMoney() unit_price?: number;
  @Doc('null clears it') @Nullable() @IsMoney() unit_cost?: number | null;
  @Doc('null clears it') @Nullable() @IsString() @Trim() @MaxLength(20) unit?: string | null;
  @Doc('whether documents tax it') @Optional() @IsBoolean() taxable?: boolean;
  @Doc('a catalog category of this tenant; null uncategorises') @Nullable() @IsId() category_id?: string | null;
  @Doc('unique per tenant; null clears it') @Nullable() @IsString() @Trim() @Length(1, 64) sku?: string | null;
  @Doc('true archives, false restores') @Optional() @IsBoolean() archived?: boolean;
}

export class ListCatalogItemsInput extends PageInput {
  @Doc('case-insensitive substring of the name, SKU or description') @Optional() @IsString() @Trim() @MaxLength(200) q?: string;
  @Doc('only items of this category') @Optional() @IsId() categoryId?: string;
  @Doc('only services or only materials') @Optional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @Doc('include archived items; default false') @Optional() @IsBoolean() includeArchived?: boolean;
}

export class CatalogItemIdInput {
  @Doc('the catalog item') @IsId() id!: string;
}
