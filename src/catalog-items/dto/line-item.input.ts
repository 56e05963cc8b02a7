import { IsBoolean, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsMoney, IsQuantity, Nullable, Optional, Trim } from '../../common/validation';

/**
 * One line of a quote or invoice (and of a job, for the lead's reuse). There is no `total`: the
 * server computes it, and an unknown field such as `total` is refused as invalid_input.
 * With a catalog_item_id, description, unit_price and taxable default to the item's.
 */
export class LineItemInput {
  @Nullable() @IsUUID('all') catalog_item_id?: string | null;
  @Optional() @IsString() @Trim() @Length(1, 500) description?: string;
  @Optional() @IsMoney() unit_price?: number;
  @Optional() @IsQuantity() quantity?: number;
  @Optional() @IsBoolean() taxable?: boolean;
  @Optional() @IsInt() @Min(0) @Max(1_000_000) sort_order?: number;
}
