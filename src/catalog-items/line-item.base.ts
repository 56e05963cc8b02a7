import { Column } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';

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
