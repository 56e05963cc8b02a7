import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { Tag } from './tag.entity';

// The tags of a customer. Both keys are composite with tenant_id, so a tag of one tenant can never
// sit on another tenant's customer; deleting a tag (or a customer) detaches it everywhere.
@Entity('customer_tags')
@Index('idx_customer_tags_tag', ['tenantId', 'tagId'])
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_customer_tags_customer', onDelete: 'CASCADE' })
@ForeignKey(() => Tag, ['tenantId', 'tagId'], ['tenantId', 'id'], { name: 'fk_customer_tags_tag', onDelete: 'CASCADE' })
export class CustomerTag {
  @PrimaryColumn('uuid') tenantId!: string;
  @PrimaryColumn('uuid') customerId!: string;
  @PrimaryColumn('uuid') tagId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
