import { IsBoolean, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Doc, IsId, IsMoney, IsQuantity, Nullable, Optional, Trim } from '../../common/validation';

/**
 * One line of a quote or invoice (and of a job, for the lead's reuse). There is no `total`: the
 * server computes it, and an unknown field such as `total` is refused as invalid_input.
 * With a catalog_item_id, description, unit_price and taxable default to the item's.
 */
export class LineItemInput {
  @Doc('a pricebook item; fills description, unit_price and taxable when omitted') @Nullable() @IsId() catalog_item_id?: string | null;
  @Doc('required without catalog_item_id') @Optional() @IsString() @Trim() @Length(1, 500) description?: string;
  @Doc('per unit; required without catalog_item_id') @Optional() @IsMoney() unit_price?: number;
  @Doc('default 1') @Optional() @IsQuantity() quantity?: number;
  @Doc("taxed at the document's rate; default the item's, else true") @Optional() @IsBoolean() taxable?: boolean;
  @Doc("order on the document; default the line's index") @Optional() @IsInt() @Min(0) @Max(1_000_000) sort_order?: number;
}
