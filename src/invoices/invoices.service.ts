import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { replaceLines, sortLines } from '../catalog-items/document-lines';
import { documentTotals, LineInput, priceLines } from '../catalog-items/line-pricing';
import { actorUserId, ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { Conflict, InvalidField, NotFound } from '../common/errors';
import { dec } from '../common/money';
import { pageOf, toPage } from '../common/paging';
import { syncOrder, touch, whereSync } from '../common/sync';
import { NumberingService } from '../numbering/numbering.service';
import { CustomersService } from '../customers/customers.service';
import { JobsService } from '../jobs/jobs.service';
import { TaxRatesService } from '../tax-rates/tax-rates.service';
import { CreateInvoiceInput, ListInvoicesInput, UpdateInvoiceInput } from './dto/invoice.inputs';
import { toInvoiceOutput } from './dto/invoice.output';
import { routedWrites } from '../database/write-mode';
import { insertInvoice } from './invoice-write.sql';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { Invoice } from './invoice.entity';

const DUE_DAYS = 30;
/** Moves update's status may ask for: draft⇄sent (back to draft only without payments), draft|sent→paid. */
const STATUS_MOVES: Record<string, string[]> = { draft: ['sent', 'paid'], sent: ['draft', 'paid'], paid: [], void: [] };
export const todayUtc = () => new Date().toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A job as invoices.create needs it (JobsService.toBill gives it). */
export interface JobToBill {
  id: string;
  customerId: string | null;
  title: string;
  flatPrice: number | null;
  lineItems: LineInput[];
}

/** What a new draft invoice is made of, whoever creates it (the tool, a job, the plan billing run). */
export interface DraftInvoice {
  customerId: string;
  jobId?: string | null;
  planId?: string | null;
  planPeriodStart?: string | null;
  dueOn?: string | null;
  taxRateId?: string | null;
  lineItems: LineInput[];
}

@Injectable()
export class InvoicesService {
  constructor(
    @InjectRepository(Invoice) private readonly invoiceRepo: Repository<Invoice>,
    @InjectRepository(InvoiceLineItem) private readonly invoiceLineItemRepo: Repository<InvoiceLineItem>,
    private readonly taxRates: TaxRatesService,
    private readonly numbering: NumberingService,
    private readonly customers: CustomersService,
    private readonly jobs: JobsService,
  ) {}

  async list(ctx: ToolContext, input: ListInvoicesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.invoiceRepo).createQueryBuilder('i').where('i.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'i', input);
    if (input.status) qb.andWhere('i.status = :status', { status: input.status });
    if (input.customerId) qb.andWhere('i.customer_id = :customerId', { customerId: input.customerId });
    if (input.jobId) qb.andWhere('i.job_id = :jobId', { jobId: input.jobId });
    if (input.from) qb.andWhere('i.issued_on >= :from', { from: input.from });
    if (input.to) qb.andWhere('i.issued_on <= :to', { to: input.to });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'i', sync, (q) => q.orderBy('i.created_at', 'DESC').addOrderBy('i.number', 'DESC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(
      rows.map((r) => toInvoiceOutput(r)),
      count,
      page,
    );
  }

  async get(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id);
    return toInvoiceOutput(row, await this.lines(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateInvoiceInput) {
    if (input.job_id) {
      requireScope(ctx, 'read:jobs', `billing job ${input.job_id} (its title, price and line items are copied)`);
      return this.createFromJob(ctx, await this.jobs.toBill(ctx, input.job_id, 'job_id'), input);
    }
    if (!input.customer_id) throw InvalidField('customer_id', 'customer_id is required (or job_id to bill a job)');
    return this.createDraft(ctx, {
      customerId: input.customer_id,
      dueOn: input.due_on,
      taxRateId: input.tax_rate_id,
      lineItems: input.line_items ?? [],
    });
  }

  /**
   * invoices.create with job_id: without line_items the invoice bills the job (one line for its
   * flat_price when set, else its line items); the customer defaults to the job's.
   */
  async createFromJob(ctx: ToolContext, job: JobToBill, input: CreateInvoiceInput) {
    const customerId = input.customer_id ?? job.customerId;
    if (!customerId) throw InvalidField('customer_id', 'the job has no customer: give customer_id');
    const lineItems = input.line_items ?? (job.flatPrice !== null ? [{ description: job.title, unit_price: job.flatPrice, quantity: 1 }] : job.lineItems);
    return this.createDraft(ctx, { customerId, jobId: job.id, dueOn: input.due_on, taxRateId: input.tax_rate_id, lineItems });
  }

  async createDraft(ctx: ToolContext, d: DraftInvoice) {
    await this.customers.ensureInTenant(ctx, d.customerId);
    const rate = d.taxRateId ? (await this.taxRates.usable(ctx, d.taxRateId)).rate : null;
    const priced = await priceLines(ctx, d.lineItems);
    const totals = documentTotals(priced, rate);
    const fields = {
      tenantId: ctx.tenantId,
      customerId: d.customerId,
      jobId: d.jobId ?? null,
      planId: d.planId ?? null,
      planPeriodStart: d.planPeriodStart ?? null,
      dueOn: d.dueOn ?? null,
      taxRateId: d.taxRateId ?? null,
      createdBy: actorUserId(ctx),
    };
    // the number, the invoice and its lines in one statement (invoice-write.sql.ts); on Citus, where
    // a statement writes one table (src/database/write-mode.ts), one after the other
    if (!routedWrites(ctx.em)) {
      const made = await insertInvoice(ctx.em, fields, totals, priced);
      return toInvoiceOutput(made.invoice, sortLines(made.lines));
    }
    const number = await this.numbering.next(ctx.em, ctx.tenantId, 'invoice');
    const row = await txRepo(ctx, this.invoiceRepo).save(
      txRepo(ctx, this.invoiceRepo).create({ ...fields, number, status: 'draft', issuedOn: null, ...totals, amountPaid: 0, paidAt: null, voidedAt: null }),
    );
    const lines = await replaceLines(ctx.em, InvoiceLineItem, ctx.tenantId, { invoiceId: row.id }, priced);
    return toInvoiceOutput(row, sortLines(lines));
  }

  async update(ctx: ToolContext, input: UpdateInvoiceInput) {
    const row = await this.find(ctx, input.id, true);
    if (row.status === 'void') throw Conflict(`Invoice INV-${row.number} is void: it cannot change.`);
    const repricing = input.line_items !== undefined || (input.tax_rate_id !== undefined && input.tax_rate_id !== row.taxRateId);
    if (repricing && row.status !== 'draft') throw Conflict(`Invoice INV-${row.number} is ${row.status}: line items and tax rate change only while draft.`);

    let lines: InvoiceLineItem[];
    if (repricing) {
      if (input.tax_rate_id !== undefined && input.tax_rate_id !== row.taxRateId) {
        if (input.tax_rate_id) await this.taxRates.usable(ctx, input.tax_rate_id);
        row.taxRateId = input.tax_rate_id;
      }
      if (input.line_items !== undefined) {
        lines = await replaceLines(ctx.em, InvoiceLineItem, ctx.tenantId, { invoiceId: row.id }, await priceLines(ctx, input.line_items));
      } else lines = await this.lines(ctx, row.id);
      Object.assign(row, documentTotals(lines, await this.taxRates.rateOf(ctx, row.taxRateId)));
      if (dec(row.amountPaid).gt(dec(row.total))) throw InvalidField('line_items', 'the new total would be less than amount_paid');
    } else lines = await this.lines(ctx, row.id);

    if (input.status !== undefined && input.status !== row.status && !STATUS_MOVES[row.status].includes(input.status)) {
      throw Conflict(`An invoice cannot move from ${row.status} to ${input.status} (lower amount_paid to reopen a paid invoice).`);
    }
    if (input.due_on !== undefined) row.dueOn = input.due_on;
    if (input.status === 'sent' && row.status === 'draft') this.issue(row);
    if (input.status === 'draft' && row.status !== 'draft') {
      if (row.status === 'paid' || row.amountPaid > 0) throw Conflict(`Invoice INV-${row.number} has payments: it cannot go back to draft.`);
      row.status = 'draft';
    }
    let amountPaid = input.amount_paid;
    if (input.status === 'paid' && amountPaid === undefined) amountPaid = row.total;
    if (amountPaid !== undefined) {
      if (dec(amountPaid).gt(dec(row.total))) throw InvalidField('amount_paid', `amount_paid must be between 0 and the total ${row.total.toFixed(2)}`);
      row.amountPaid = amountPaid;
      if (dec(amountPaid).eq(dec(row.total))) {
        if (row.status !== 'paid') row.paidAt = new Date();
        if (!row.issuedOn) this.issue(row);
        row.status = 'paid';
      } else if (row.status === 'paid') {
        row.status = 'sent';
        row.paidAt = null;
      }
    }
    if (input.status === 'paid' && row.status !== 'paid') throw InvalidField('status', 'status paid needs amount_paid equal to the total');
    await txRepo(ctx, this.invoiceRepo).save(row);
    // its lines are part of the invoice: a sync (updated_since) must see the change
    if (input.line_items !== undefined) row.updatedAt = await touch(ctx.em, Invoice, ctx.tenantId, row.id);
    return toInvoiceOutput(row, lines);
  }

  /** Void is final; a paid invoice cannot be voided (conflict). Voiding a void invoice changes nothing. */
  async void(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (row.status === 'paid') throw Conflict(`Invoice INV-${row.number} is paid: it cannot be voided.`);
    if (row.status !== 'void') {
      row.status = 'void';
      row.voidedAt = new Date();
      await txRepo(ctx, this.invoiceRepo).save(row);
    }
    return toInvoiceOutput(row, await this.lines(ctx, id));
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Invoice> {
    const row = await txRepo(ctx, this.invoiceRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('invoice', id);
    return row;
  }

  /** Plan billing: whether the plan's invoice for the period starting `periodStart` exists (in the caller's transaction). */
  existsForPlanPeriod(ctx: ToolContext, planId: string, periodStart: string): Promise<boolean> {
    return txRepo(ctx, this.invoiceRepo).existsBy({ tenantId: ctx.tenantId, planId, planPeriodStart: periodStart });
  }

  private issue(row: Invoice) {
    row.status = 'sent';
    row.issuedOn = todayUtc();
    row.dueOn ??= addDays(row.issuedOn, DUE_DAYS);
  }

  private async lines(ctx: ToolContext, invoiceId: string) {
    return sortLines(await txRepo(ctx, this.invoiceLineItemRepo).findBy({ tenantId: ctx.tenantId, invoiceId }));
  }
}
