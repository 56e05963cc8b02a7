import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Brackets, Not, Repository } from 'typeorm';
import { ToolContext } from '../common/context';
import { NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { assignFields, FieldMap } from '../common/fields';
import { CustomersService } from '../customers/customers.service';
import { Contact } from './contact.entity';
import { CreateContactInput, ListContactsInput, UpdateContactInput } from './dto/contact.inputs';
import { toContactOutput } from './dto/contact.output';
import type { WrapperType } from '../common/wrapper-type';

const FIELDS: FieldMap<CreateContactInput, Contact, 'customer_id' | 'is_primary'> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  title: 'title',
};
const UPDATE_FIELDS: FieldMap<UpdateContactInput, Contact, 'id' | 'is_primary' | 'archived'> = FIELDS;

@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(Contact) private readonly contactRepo: Repository<Contact>,
    @Inject(forwardRef(() => CustomersService)) private readonly customers: WrapperType<CustomersService>,
  ) {}

  async list(ctx: ToolContext, input: ListContactsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.contactRepo).createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'c', input);
    if (input.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: input.customerId });
    if (!withArchived(input)) qb.andWhere('c.archived_at IS NULL');
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(
        new Brackets((w) =>
          w.where(`concat_ws(' ', c.first_name, c.last_name) ILIKE :q`, { q }).orWhere('c.email ILIKE :q').orWhere('c.phone ILIKE :q').orWhere('c.title ILIKE :q'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'c', sync, (q) =>
        q.orderBy('c.is_primary', 'DESC').addOrderBy('lower(c.first_name)', 'ASC').addOrderBy('lower(c.last_name)', 'ASC', 'NULLS FIRST').addOrderBy('c.id', 'ASC'),
      )
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toContactOutput), count, page);
  }

  /** A customer's non-archived contacts, primary first (customers.get shows them). */
  ofCustomer(ctx: ToolContext, customerId: string): Promise<Contact[]> {
    return ctx.em
      .createQueryBuilder(Contact, 'k')
      .where('k.tenant_id = :tenantId AND k.customer_id = :id AND k.archived_at IS NULL', { tenantId: ctx.tenantId, id: customerId })
      .orderBy('k.is_primary', 'DESC')
      .addOrderBy('lower(k.first_name)', 'ASC')
      .addOrderBy('k.id', 'ASC')
      .getMany();
  }

  async get(ctx: ToolContext, id: string) {
    return toContactOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateContactInput) {
    await this.customers.ensureInTenant(ctx, input.customer_id);
    const row = txRepo(ctx, this.contactRepo).create({ tenantId: ctx.tenantId, customerId: input.customer_id, isPrimary: false, archivedAt: null });
    assignFields(row, input, FIELDS, 'null');
    if (input.is_primary) await this.clearPrimary(ctx, row.customerId);
    row.isPrimary = input.is_primary ?? false;
    return toContactOutput(await txRepo(ctx, this.contactRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateContactInput) {
    const row = await this.find(ctx, input.id, true);
    assignFields(row, input, UPDATE_FIELDS, 'keep');
    if (input.is_primary === true && !row.isPrimary) await this.clearPrimary(ctx, row.customerId, row.id);
    if (input.is_primary !== undefined) row.isPrimary = input.is_primary;
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toContactOutput(await txRepo(ctx, this.contactRepo).save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.contactRepo).save(row);
    }
    return toContactOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Contact> {
    const row = await txRepo(ctx, this.contactRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('contact', id);
    return row;
  }

  /**
   * Setting a primary contact unsets the others. The customer row is locked first so two calls
   * making different contacts primary at once run one after the other (the last one wins) instead
   * of tripping the one-primary unique index.
   */
  private async clearPrimary(ctx: ToolContext, customerId: string, exceptId?: string) {
    await this.customers.lock(ctx, customerId);
    await txRepo(ctx, this.contactRepo).update({ tenantId: ctx.tenantId, customerId, isPrimary: true, ...(exceptId ? { id: Not(exceptId) } : {}) }, { isPrimary: false });
  }
}
