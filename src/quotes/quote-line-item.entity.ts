import { Entity, ForeignKey, Index, Column } from 'typeorm';
import { CatalogItem } from '../catalog-items/catalog-item.entity';
import { LineItemColumns } from '../catalog-items/line-item.base';
import { Quote } from './quote.entity';

@Entity('quote_line_items')
@Index('idx_quote_line_items_tenant_quote', ['tenantId', 'quoteId'])
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => Quote, ['tenantId', 'quoteId'], ['tenantId', 'id'], { name: 'fk_quote_line_items_quote', onDelete: 'CASCADE' })
@ForeignKey(() => CatalogItem, ['tenantId', 'catalogItemId'], ['tenantId', 'id'], { name: 'fk_quote_line_items_catalog_item' })
export class QuoteLineItem extends LineItemColumns {
  @Column('uuid') quoteId!: string;
}
