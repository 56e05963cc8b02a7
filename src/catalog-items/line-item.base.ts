import { Column } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { bool, int, money, nullable, num, obj, str, uuid } from '../mcp/output-schema';

/** The columns every document line shares (quotes, invoices; jobs may reuse it). */
export abstract class LineItemColumns extends TenantOwned {
  @Column('uuid', { nullable: true }) catalogItemId!: string | null;
  @Column('text') description!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) unitPrice!: number;
  @Column({ type: 'numeric', precision: 12, scale: 3, transformer: numericTransformer }) quantity!: number;
  @Column('boolean', { default: true }) taxable!: boolean;
  @Column('integer', { default: 0 }) sortOrder!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) total!: number;
}

export function toLineOutput(l: LineItemColumns) {
  return {
    id: l.id,
    catalog_item_id: l.catalogItemId,
    description: l.description,
    unit_price: l.unitPrice,
    quantity: l.quantity,
    taxable: l.taxable,
    sort_order: l.sortOrder,
    total: l.total,
  };
}

/** One document line as returned, shared by every document's output schema. */
export const LINE_ITEM_OUTPUT = obj({
  id: uuid(),
  catalog_item_id: nullable(uuid()),
  description: str(),
  unit_price: money(),
  quantity: num(),
  taxable: bool(),
  sort_order: int(),
  total: money(),
});
