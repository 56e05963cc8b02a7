import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Brackets, Repository } from 'typeorm';
import { replaceLines, sortLines } from '../catalog-items/document-lines';
import { documentTotals, LineInput, priceLines } from '../catalog-items/line-pricing';
import { actorUserId, ToolContext } from '../common/context';
import { Conflict, InvalidField, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, touch, whereSync, withArchived } from '../common/sync';
import { NumberingService } from '../numbering/numbering.service';
import { CustomersService } from '../customers/customers.service';
import { LocationsService } from '../locations/locations.service';
import { TaxRatesService } from '../tax-rates/tax-rates.service';
import { CreateQuoteInput, ListQuotesInput, UpdateQuoteInput } from './dto/quote.inputs';
import { toQuoteOutput } from './dto/quote.output';
import { routedWrites } from '../database/write-mode';
import { insertQuote } from './quote-write.sql';
import { QuoteLineItem } from './quote-line-item.entity';
import { Quote, QuoteStatus } from './quote.entity';

/** draft→sent→approved|declined; sent→draft; anything else is a conflict. */
const MOVES: Record<QuoteStatus, QuoteStatus[]> = { draft: ['sent'], sent: ['approved', 'declined', 'draft'], approved: [], declined: [] };

/** What a job copies from an approved quote (plain data, for jobs.create with quote_id). */
export interface QuoteForJob {
  quoteId: string;
  customerId: string;
  locationId: string | null;
  title: string;
  lineItems: LineInput[];
}

@Injectable()
export class QuotesService {
  constructor(
    @InjectRepository(Quote) private readonly quoteRepo: Repository<Quote>,
    @InjectRepository(QuoteLineItem) private readonly quoteLineItemRepo: Repository<QuoteLineItem>,
    private readonly taxRates: TaxRatesService,
    private readonly numbering: NumberingService,
    private readonly customers: CustomersService,
    private readonly locations: LocationsService,
  ) {}

  async list(ctx: ToolContext, input: ListQuotesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.quoteRepo).createQueryBuilder('q').where('q.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'q', input);
    if (!withArchived(input)) qb.andWhere('q.archived_at IS NULL');
    if (input.status) qb.andWhere('q.status = :status', { status: input.status });
    if (input.customerId) qb.andWhere('q.customer_id = :customerId', { customerId: input.customerId });
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(new Brackets((w) => w.where('q.title ILIKE :q', { q }).orWhere(`('Q-' || q.number) ILIKE :q`, { q })));
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'q', sync, (q) => q.orderBy('q.created_at', 'DESC').addOrderBy('q.number', 'DESC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(
      rows.map((r) => toQuoteOutput(r)),
      count,
      page,
    );
  }

  async get(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id);
    return toQuoteOutput(row, await this.lines(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateQuoteInput) {
    await this.customers.ensureInTenant(ctx, input.customer_id);
    if (input.location_id) await this.checkLocation(ctx, input.location_id, input.customer_id);
    const rate = input.tax_rate_id ? (await this.taxRates.usable(ctx, input.tax_rate_id)).rate : null;
    const priced = await priceLines(ctx, input.line_items ?? []);
    const totals = documentTotals(priced, rate);
    const fields = {
      tenantId: ctx.tenantId,
      customerId: input.customer_id,
      locationId: input.location_id ?? null,
      title: input.title,
      message: input.message ?? null,
      validUntil: input.valid_until ?? null,
      taxRateId: input.tax_rate_id ?? null,
      createdBy: actorUserId(ctx),
    };
    // the number, the quote and its lines in one statement (quote-write.sql.ts); on Citus, where a
    // statement writes one table (src/database/write-mode.ts), one after the other
    if (!routedWrites(ctx.em)) {
      const made = await insertQuote(ctx.em, fields, totals, priced);
      return toQuoteOutput(made.quote, sortLines(made.lines));
    }
    const number = await this.numbering.next(ctx.em, ctx.tenantId, 'quote');
    const row = await txRepo(ctx, this.quoteRepo).save(
      txRepo(ctx, this.quoteRepo).create({ ...fields, number, status: 'draft', ...totals, sentAt: null, approvedAt: null, archivedAt: null }),
    );
    const lines = await replaceLines(ctx.em, QuoteLineItem, ctx.tenantId, { quoteId: row.id }, priced);
    return toQuoteOutput(row, sortLines(lines));
  }

  async update(ctx: ToolContext, input: UpdateQuoteInput) {
    const row = await this.find(ctx, input.id, true);
    const repricing = input.line_items !== undefined || (input.tax_rate_id !== undefined && input.tax_rate_id !== row.taxRateId);
    if (repricing && row.status === 'approved') throw Conflict(`Quote ${row.number} is approved: its line items and tax rate can no longer change.`);
    if (input.status !== undefined && input.status !== row.status) {
      if (!MOVES[row.status].includes(input.status)) throw Conflict(`A quote cannot move from ${row.status} to ${input.status}.`);
      if (input.status === 'sent') row.sentAt = new Date();
      if (input.status === 'approved') row.approvedAt = new Date();
      row.status = input.status;
    }
    if (input.location_id !== undefined && input.location_id !== row.locationId) {
      if (input.location_id) await this.checkLocation(ctx, input.location_id, row.customerId);
      row.locationId = input.location_id;
    }
    if (input.title !== undefined) row.title = input.title;
    if (input.message !== undefined) row.message = input.message;
    if (input.valid_until !== undefined) row.validUntil = input.valid_until;
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    if (input.tax_rate_id !== undefined && input.tax_rate_id !== row.taxRateId) {
      if (input.tax_rate_id) await this.taxRates.usable(ctx, input.tax_rate_id);
      row.taxRateId = input.tax_rate_id;
    }
    let lines: QuoteLineItem[];
    if (input.line_items !== undefined) {
      const priced = await priceLines(ctx, input.line_items);
      lines = await replaceLines(ctx.em, QuoteLineItem, ctx.tenantId, { quoteId: row.id }, priced);
    } else lines = await this.lines(ctx, row.id);
    if (repricing) Object.assign(row, documentTotals(lines, await this.taxRates.rateOf(ctx, row.taxRateId)));
    await txRepo(ctx, this.quoteRepo).save(row);
    // its lines are part of the quote: a sync (updated_since) must see the change
    if (input.line_items !== undefined) row.updatedAt = await touch(ctx.em, Quote, ctx.tenantId, row.id);
    return toQuoteOutput(row, sortLines(lines));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.quoteRepo).save(row);
    }
    return toQuoteOutput(row, await this.lines(ctx, id));
  }

  /**
   * For jobs.create with quote_id: the approved quote of this tenant as plain data, else invalid_input
   * naming `field`. INTEGRATION: jobs — the jobs service calls this and fills what the caller omitted.
   */
  async approvedForJob(ctx: ToolContext, quoteId: string, field = 'quote_id'): Promise<QuoteForJob> {
    const row = await txRepo(ctx, this.quoteRepo).findOneBy({ tenantId: ctx.tenantId, id: quoteId });
    if (!row) throw InvalidField(field, `no quote with id ${quoteId} in this tenant`);
    if (row.status !== 'approved') throw InvalidField(field, `quote Q-${row.number} is ${row.status}, not approved`);
    const lines = await this.lines(ctx, row.id);
    return {
      quoteId: row.id,
      customerId: row.customerId,
      locationId: row.locationId,
      title: row.title,
      lineItems: lines.map((l) => ({
        catalog_item_id: l.catalogItemId,
        description: l.description,
        unit_price: l.unitPrice,
        quantity: l.quantity,
        taxable: l.taxable,
        sort_order: l.sortOrder,
      })),
    };
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Quote> {
    const row = await txRepo(ctx, this.quoteRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('quote', id);
    return row;
  }

  private async lines(ctx: ToolContext, quoteId: string) {
    return sortLines(await txRepo(ctx, this.quoteLineItemRepo).findBy({ tenantId: ctx.tenantId, quoteId }));
  }

  /** The location must be this tenant's and belong to the quote's customer. */
  private async checkLocation(ctx: ToolContext, locationId: string, customerId: string | null | undefined) {
    await this.locations.ensureUsable(ctx, locationId, customerId);
  }
}
