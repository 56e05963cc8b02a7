import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Brackets, Repository } from 'typeorm';
import { ToolContext } from '../common/context';
import { InvalidField, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { assignFields, FieldMap } from '../common/fields';
import { ensureOwned } from '../common/references';
import { CustomersService } from '../customers/customers.service';
import { CreateLocationInput, ListLocationsInput, UpdateLocationInput } from './dto/location.inputs';
import { toLocationOutput } from './dto/location.output';
import { Location } from './location.entity';
import type { WrapperType } from '../common/wrapper-type';

const FIELDS: FieldMap<CreateLocationInput, Location, 'customer_id'> = {
  label: 'label',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  region: 'region',
  postal_code: 'postalCode',
  country: 'country',
  latitude: 'latitude',
  longitude: 'longitude',
  access_notes: 'accessNotes',
};
const UPDATE_FIELDS: FieldMap<UpdateLocationInput, Location, 'id' | 'archived'> = FIELDS;

@Injectable()
export class LocationsService {
  constructor(
    @InjectRepository(Location) private readonly locationRepo: Repository<Location>,
    @Inject(forwardRef(() => CustomersService)) private readonly customers: WrapperType<CustomersService>,
  ) {}

  async list(ctx: ToolContext, input: ListLocationsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.locationRepo).createQueryBuilder('l').where('l.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'l', input);
    if (input.customerId) qb.andWhere('l.customer_id = :customerId', { customerId: input.customerId });
    if (!withArchived(input)) qb.andWhere('l.archived_at IS NULL');
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(
        new Brackets((w) =>
          w.where('l.label ILIKE :q', { q }).orWhere('l.line1 ILIKE :q').orWhere('l.line2 ILIKE :q').orWhere('l.city ILIKE :q').orWhere('l.postal_code ILIKE :q'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'l', sync, (q) => q.orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toLocationOutput), count, page);
  }

  /** A customer's non-archived locations, oldest first (customers.get shows them). */
  ofCustomer(ctx: ToolContext, customerId: string): Promise<Location[]> {
    return ctx.em
      .createQueryBuilder(Location, 'l')
      .where('l.tenant_id = :tenantId AND l.customer_id = :id AND l.archived_at IS NULL', { tenantId: ctx.tenantId, id: customerId })
      .orderBy('l.created_at', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .getMany();
  }

  async get(ctx: ToolContext, id: string) {
    return toLocationOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateLocationInput) {
    await this.customers.ensureInTenant(ctx, input.customer_id);
    const row = txRepo(ctx, this.locationRepo).create({ tenantId: ctx.tenantId, customerId: input.customer_id, archivedAt: null });
    assignFields(row, input, FIELDS, 'null');
    row.country = input.country ?? 'US';
    checkCoordinates(row);
    return toLocationOutput(await txRepo(ctx, this.locationRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateLocationInput) {
    const row = await this.find(ctx, input.id, true);
    assignFields(row, input, UPDATE_FIELDS, 'keep');
    checkCoordinates(row);
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toLocationOutput(await txRepo(ctx, this.locationRepo).save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.locationRepo).save(row);
    }
    return toLocationOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Location> {
    const row = await txRepo(ctx, this.locationRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('location', id);
    return row;
  }

  /** For other modules: a location_id must be this tenant's, else invalid_input naming the field. */
  ensureInTenant(ctx: ToolContext, id: string, field = 'location_id'): Promise<Location> {
    return ensureOwned(ctx.em, ctx, Location, id, field, 'location');
  }

  /**
   * For jobs and job series: a location_id must be this tenant's and, when a customer is set too,
   * that customer's. Else invalid_input naming the field.
   */
  async ensureUsable(ctx: ToolContext, id: string, customerId: string | null | undefined, field = 'location_id'): Promise<Location> {
    const row = await this.ensureInTenant(ctx, id, field);
    if (customerId && row.customerId !== customerId) throw InvalidField(field, `location ${id} belongs to another customer`);
    return row;
  }
}

/** latitude and longitude: both or neither, judged on the row as it will be saved; names the missing one. */
function checkCoordinates(row: Location) {
  if ((row.latitude === null) === (row.longitude === null)) return;
  const missing = row.latitude === null ? 'latitude' : 'longitude';
  throw InvalidField(missing, `${missing} is required with ${missing === 'latitude' ? 'longitude' : 'latitude'}: give both or neither`);
}
