import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { InvalidField, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { CreateTaxRateInput, ListTaxRatesInput, UpdateTaxRateInput } from './dto/tax-rate.inputs';
import { toTaxRateOutput } from './dto/tax-rate.output';
import { TaxRate } from './tax-rate.entity';

@Injectable()
export class TaxRatesService {
  constructor(@InjectRepository(TaxRate) private readonly taxRateRepo: Repository<TaxRate>) {}

  async list(ctx: ToolContext, input: ListTaxRatesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.taxRateRepo).createQueryBuilder('r').where('r.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'r', input);
    if (!withArchived(input)) qb.andWhere('r.archived_at IS NULL');
    if (input.q) qb.andWhere('r.name ILIKE :q', { q: likePattern(input.q) });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'r', sync, (q) => q.orderBy('r.name', 'ASC').addOrderBy('r.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toTaxRateOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toTaxRateOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateTaxRateInput) {
    if (input.is_default) await this.unsetDefault(ctx);
    const row = txRepo(ctx, this.taxRateRepo).create({ tenantId: ctx.tenantId, name: input.name, rate: input.rate, isDefault: !!input.is_default, archivedAt: null });
    return toTaxRateOutput(await txRepo(ctx, this.taxRateRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateTaxRateInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.name !== undefined) row.name = input.name;
    if (input.rate !== undefined) row.rate = input.rate;
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    if (input.is_default === true && !row.isDefault) {
      await this.unsetDefault(ctx);
      row.isDefault = true;
    } else if (input.is_default === false) row.isDefault = false;
    return toTaxRateOutput(await txRepo(ctx, this.taxRateRepo).save(row));
  }

  /** Archiving keeps the rate on documents that already use it; it can no longer be put on new ones. */
  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.taxRateRepo).save(row);
    }
    return toTaxRateOutput(row);
  }

  /**
   * The rate a document may use: of this tenant (else invalid_input naming `field`) and, when it is
   * being newly put on the document, not archived.
   */
  async usable(ctx: ToolContext, id: string, field = 'tax_rate_id'): Promise<TaxRate> {
    requireScope(ctx, 'read:tax_rates', `applying tax rate ${id} (its rate sets the tax)`);
    const row = await txRepo(ctx, this.taxRateRepo).findOneBy({ tenantId: ctx.tenantId, id });
    if (!row) throw InvalidField(field, `no tax rate with id ${id} in this tenant`);
    if (row.archivedAt) throw InvalidField(field, `tax rate ${id} is archived and cannot be put on a new document`);
    return row;
  }

  /** The rate of a document that already has it (archived or not). */
  async rateOf(ctx: ToolContext, id: string | null): Promise<number | null> {
    if (!id) return null;
    const row = await txRepo(ctx, this.taxRateRepo).findOneBy({ tenantId: ctx.tenantId, id });
    return row ? row.rate : null;
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<TaxRate> {
    const row = await txRepo(ctx, this.taxRateRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('tax rate', id);
    return row;
  }

  /**
   * Concurrent "make this the default" calls queue on a per-tenant transaction lock, so each one sees
   * the previous default and unsets it (the last wins) instead of hitting the partial unique index.
   */
  private async unsetDefault(ctx: ToolContext) {
    await ctx.em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tax_rates.default:${ctx.tenantId}`]);
    await txRepo(ctx, this.taxRateRepo).update({ tenantId: ctx.tenantId, isDefault: true }, { isDefault: false });
  }
}
