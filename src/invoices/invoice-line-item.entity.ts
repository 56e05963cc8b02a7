import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { CatalogItem } from '../catalog-items/catalog-item.entity';
import { LineItemColumns } from '../catalog-items/line-item.base';
import { Invoice } from './invoice.entity';

@Entity('invoice_line_items')
@Index('idx_invoice_line_items_tenant_invoice', ['tenantId', 'invoiceId'])
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => Invoice, ['tenantId', 'invoiceId'], ['tenantId', 'id'], { name: 'fk_invoice_line_items_invoice', onDelete: 'CASCADE' })
@ForeignKey(() => CatalogItem, ['tenantId', 'catalogItemId'], ['tenantId', 'id'], { name: 'fk_invoice_line_items_catalog_item' })
export class InvoiceLineItem extends LineItemColumns {
  @Column('uuid') invoiceId!: string;
}
