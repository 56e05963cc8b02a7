import Decimal from 'decimal.js';
import { In } from 'typeorm';
import { ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { InvalidField } from '../common/errors';
import { dec, lineTotal, percentOf, sum, toMoney } from '../common/money';
import { CatalogItem } from './catalog-item.entity';

// Line items of quotes, invoices (and jobs): fill gaps from the pricebook, then price them in decimal.

export interface LineInput {
  catalog_item_id?: string | null;
  description?: string;
  unit_price?: number;
  quantity?: number;
  taxable?: boolean;
  sort_order?: number;
}

export interface PricedLine {
  catalogItemId: string | null;
  description: string;
  unitPrice: number;
  quantity: number;
  taxable: boolean;
  sortOrder: number;
  total: number;
}

export interface DocumentTotals {
  subtotal: number;
  taxTotal: number;
  total: number;
}

const MONEY_MAX = dec('9999999999.99');

export interface PricingOptions {
  /**
   * Refuse archived catalog items (jobs, series templates), except those in `keep`: the links the
   * record already has, so resending its own lines, or copying an approved quote's, still works.
   */
  refuseArchived?: { keep: ReadonlySet<string> };
  /** The lines keep `taxable` (documents): an omitted one is taken from the catalog item too. */
  keepsTaxable?: boolean;
}

/**
 * Fills a line's gaps from the pricebook: a line naming a catalog_item_id (of this tenant, else
 * invalid_input `<field>.<i>.catalog_item_id`) takes the item's description (its name when it has
 * none), unit_price and taxable when omitted; a line without one must give description and
 * unit_price. quantity defaults to 1, sort_order to the line's position. Jobs and series templates
 * use this alone (their lines carry no stored total); documents price the result (priceLines).
 * A line that takes a value from its catalog item reads the pricebook: that needs read:catalog_items
 * (naming the item with every value given only links it).
 */
export async function fillLines(ctx: ToolContext, lines: LineInput[], field = 'line_items', opts: PricingOptions = {}): Promise<Omit<PricedLine, 'total'>[]> {
  const ids = [...new Set(lines.map((l) => l.catalog_item_id).filter((id): id is string => !!id))];
  const items = ids.length ? await ctx.em.findBy(CatalogItem, { tenantId: ctx.tenantId, id: In(ids) }) : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  return lines.map((l, i) => {
    const item = l.catalog_item_id ? byId.get(l.catalog_item_id) : undefined;
    if (l.catalog_item_id && !item) throw InvalidField(`${field}.${i}.catalog_item_id`, `no catalog item with id ${l.catalog_item_id} in this tenant`);
    if (item && (l.description === undefined || l.unit_price === undefined || (opts.keepsTaxable && l.taxable === undefined)))
      requireScope(ctx, 'read:catalog_items', `${field}.${i} takes values from catalog item ${item.id}, which`);
    if (item?.archivedAt && opts.refuseArchived && !opts.refuseArchived.keep.has(item.id))
      throw InvalidField(`${field}.${i}.catalog_item_id`, `catalog item ${item.id} is archived: restore it or pick another`);
    const description = l.description ?? item?.description ?? item?.name;
    if (description === undefined) throw InvalidField(`${field}.${i}.description`, 'description is required when the line names no catalog_item_id');
    const unitPrice = l.unit_price ?? item?.unitPrice;
    if (unitPrice === undefined) throw InvalidField(`${field}.${i}.unit_price`, 'unit_price is required when the line names no catalog_item_id');
    return {
      catalogItemId: l.catalog_item_id ?? null,
      description: description.slice(0, 500),
      unitPrice,
      quantity: l.quantity ?? 1,
      taxable: l.taxable ?? item?.taxable ?? true,
      sortOrder: l.sort_order ?? i,
    };
  });
}

/** Resolves lines for a document (fillLines), then prices each: total = round(unit_price × quantity, 2). */
export async function priceLines(ctx: ToolContext, lines: LineInput[], field = 'line_items', opts: PricingOptions = {}): Promise<PricedLine[]> {
  return (await fillLines(ctx, lines, field, { ...opts, keepsTaxable: true })).map((l, i) => {
    const total = lineTotal(l.unitPrice, l.quantity);
    if (total.gt(MONEY_MAX)) throw InvalidField(`${field}.${i}`, 'unit_price × quantity is larger than 9999999999.99');
    return { ...l, total: toMoney(total) };
  });
}

/**
 * subtotal = Σ line totals; tax_total = round(Σ taxable line totals × rate / 100, 2) (no rate → 0);
 * total = subtotal + tax_total. Decimal arithmetic, half away from zero.
 */
export function documentTotals(lines: Pick<PricedLine, 'total' | 'taxable'>[], ratePercent: number | null, field = 'line_items'): DocumentTotals {
  const subtotal = sum(lines.map((l) => dec(l.total)));
  const taxable = sum(lines.filter((l) => l.taxable).map((l) => dec(l.total)));
  const tax: Decimal = ratePercent === null ? dec(0) : percentOf(taxable, ratePercent);
  const total = subtotal.plus(tax);
  if (total.gt(MONEY_MAX)) throw InvalidField(field, 'the document total would be larger than 9999999999.99');
  return { subtotal: toMoney(subtotal), taxTotal: toMoney(tax), total: toMoney(total) };
}
