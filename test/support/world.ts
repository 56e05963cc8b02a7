import { randomUUID } from 'node:crypto';
import { newTenant, TestApp, TestTenant } from './app';

// A tenant with one of everything the MCP tools can reach, and for every tool a valid set of
// arguments against it. Other tests build on it: the world test proves each call succeeds, the
// isolation matrix replays the calls as another tenant with this tenant's ids, the fuzzer uses the
// ids so that some generated calls hit real rows.

/** The ids of one world, keyed by the entity name that prefixes its tools (`customers`, `jobs`, …). */
export interface WorldIds {
  customers: string;
  contacts: string;
  locations: string;
  tags: string;
  notes: string;
  tax_rates: string;
  catalog_categories: string;
  catalog_items: string;
  quotes: string;
  jobs: string;
  job_series: string;
  invoices: string;
  plans: string;
  /** the tenant's user (assignments) */
  users: string;
}

export interface World {
  tenant: TestTenant;
  ids: WorldIds;
  /** an approved quote, the one jobs.create may start from */
  approvedQuote: string;
  /** records made only to be archived, deleted, cancelled, voided or ended by the destructive tools */
  throwaway: Omit<WorldIds, 'users'>;
}

export type Args = Record<string, unknown>;
export type CallMap = Record<string, () => Args>;

const DAY = 86_400_000;
const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const at = (days: number, hour: number) => `${date(days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const uniq = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

/** Creates one tenant (a user key with every scope) and one of everything in it; returns the ids. */
export async function seedWorld(t: TestApp): Promise<World> {
  const tenant = await newTenant(t);
  const c = tenant.client;
  const id = async (tool: string, args: Args): Promise<string> => (await c.call(tool, args)).id;

  const tag = await id('tags.create', { name: uniq('vip'), color: '#FF8800' });
  const customer = await id('customers.create', {
    display_name: 'World Customer',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@world.test',
    billing_address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
    tag_ids: [tag],
  });
  const contact = await id('contacts.create', { customer_id: customer, first_name: 'Grace', email: 'grace@world.test', is_primary: true });
  const location = await id('locations.create', { customer_id: customer, label: 'Home', line1: '1 Main St', city: 'Springfield', country: 'US' });
  const taxRate = await id('tax_rates.create', { name: uniq('Sales tax'), rate: 8.25 });
  const category = await id('catalog_categories.create', { name: uniq('Services'), sort_order: 1 });
  const item = await id('catalog_items.create', { name: 'Tune-up', kind: 'service', unit_price: 89.5, unit_cost: 20, taxable: true, category_id: category, sku: uniq('SKU').replace(' ', '-') });
  const quoteArgs = (title: string) => ({
    customer_id: customer,
    location_id: location,
    title,
    tax_rate_id: taxRate,
    valid_until: date(30),
    line_items: [
      { catalog_item_id: item, description: 'Tune-up', unit_price: 89.5, quantity: 1, taxable: true },
      { description: 'Filter', unit_price: 12.25, quantity: 2, taxable: false },
    ],
  });
  const quote = await id('quotes.create', quoteArgs('Draft quote'));
  const approvedQuote = await id('quotes.create', quoteArgs('Approved quote'));
  await c.call('quotes.update', { id: approvedQuote, status: 'sent' });
  await c.call('quotes.update', { id: approvedQuote, status: 'approved' });
  const job = await id('jobs.create', {
    title: 'World job',
    customer_id: customer,
    location_id: location,
    scheduled_start: at(3, 9),
    scheduled_end: at(3, 11),
    line_items: [{ description: 'Labour', unit_price: 95, quantity: 1.5 }],
    assigned_user_ids: [tenant.userId],
  });
  const series = await id('job_series.create', {
    title: 'World series',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    timezone: 'Europe/London',
    dtstart: date(1),
    customer_id: customer,
    max_occurrences: 3,
    line_items: [{ description: 'Visit', unit_price: 60, quantity: 1 }],
    assigned_user_ids: [tenant.userId],
  });
  const invoice = await id('invoices.create', { job_id: job, customer_id: customer, tax_rate_id: taxRate, due_on: date(30) });
  const plan = await id('plans.create', { customer_id: customer, name: 'World plan', price: 49.99, billing_frequency: 'monthly', starts_on: date(1), job_series_id: series });
  const note = await id('notes.create', { customer_id: customer, body: 'Gate code 1234', pinned: true });

  // the throwaways
  const tCustomer = await id('customers.create', { display_name: 'Throwaway customer' });
  const throwaway = {
    customers: tCustomer,
    contacts: await id('contacts.create', { customer_id: customer, first_name: 'Throwaway' }),
    locations: await id('locations.create', { customer_id: customer, line1: '2 Side St' }),
    tags: await id('tags.create', { name: uniq('throwaway') }),
    notes: await id('notes.create', { job_id: job, body: 'throwaway note' }),
    tax_rates: await id('tax_rates.create', { name: uniq('Throwaway tax'), rate: 5 }),
    catalog_categories: await id('catalog_categories.create', { name: uniq('Throwaway category') }),
    catalog_items: await id('catalog_items.create', { name: 'Throwaway item', unit_price: 1 }),
    quotes: await id('quotes.create', { customer_id: customer, title: 'Throwaway quote' }),
    jobs: await id('jobs.create', { title: 'Throwaway job', customer_id: customer }),
    job_series: await id('job_series.create', { title: 'Throwaway series', rrule: 'FREQ=MONTHLY', timezone: 'UTC', dtstart: date(2), max_occurrences: 1 }),
    invoices: await id('invoices.create', { customer_id: customer, line_items: [{ description: 'x', unit_price: 1, quantity: 1 }] }),
    plans: await id('plans.create', { customer_id: customer, name: 'Throwaway plan', price: 1, billing_frequency: 'yearly', starts_on: date(1) }),
  };

  return {
    tenant,
    approvedQuote,
    ids: {
      customers: customer,
      contacts: contact,
      locations: location,
      tags: tag,
      notes: note,
      tax_rates: taxRate,
      catalog_categories: category,
      catalog_items: item,
      quotes: quote,
      jobs: job,
      job_series: series,
      invoices: invoice,
      plans: plan,
      users: tenant.userId,
    },
    throwaway,
  };
}

/**
 * For every tool, a function giving valid arguments against the world. Creates use fresh unique
 * names, updates change a harmless field of the world's record, destructive verbs target the
 * world's throwaway record (archiving or deleting twice is fine or a conflict, never the world's
 * real records). The arguments reference as many of the world's records as the tool takes, so
 * that the isolation matrix has every reference to substitute.
 */
export function validCalls(w: World): CallMap {
  const i = w.ids;
  const x = w.throwaway;
  const byId = (id: string) => () => ({ id });
  const lines = () => [
    { catalog_item_id: i.catalog_items, description: 'Tune-up', unit_price: 89.5, quantity: 1, taxable: true, sort_order: 0 },
    { catalog_item_id: null, description: 'Part', unit_price: 0.1, quantity: 3, taxable: false, sort_order: 1 },
  ];
  // job and series lines: no taxable; one priced from the pricebook, one by hand
  const plainLines = () => [
    { catalog_item_id: i.catalog_items, quantity: 1, sort_order: 0 },
    { description: 'Labour', unit_price: 95, quantity: 1.5, sort_order: 1 },
  ];
  return {
    'customers.create': () => ({ display_name: uniq('Customer'), email: 'c@world.test', tag_ids: [i.tags], billing_address: { line1: '3 High St', country: 'US' } }),
    'customers.get': byId(i.customers),
    'customers.search': () => ({ q: 'World', tagId: i.tags, includeArchived: true, page: 1 }),
    'customers.update': () => ({ id: i.customers, phone: '+1 555 0100', tag_ids: [i.tags] }),
    'customers.archive': byId(x.customers),

    'contacts.create': () => ({ customer_id: i.customers, first_name: uniq('Contact') }),
    'contacts.get': byId(i.contacts),
    'contacts.list': () => ({ customerId: i.customers, q: 'Grace', includeArchived: false, page: 1 }),
    'contacts.update': () => ({ id: i.contacts, title: 'Owner' }),
    'contacts.archive': byId(x.contacts),

    'locations.create': () => ({ customer_id: i.customers, line1: uniq('Street'), country: 'US', latitude: 40.1, longitude: -73.9 }),
    'locations.get': byId(i.locations),
    'locations.list': () => ({ customerId: i.customers, q: 'Main', page: 1 }),
    'locations.update': () => ({ id: i.locations, access_notes: 'side door' }),
    'locations.archive': byId(x.locations),

    'tags.create': () => ({ name: uniq('tag'), color: '#00AA00' }),
    'tags.get': byId(i.tags),
    'tags.list': () => ({ q: 'vip', page: 1 }),
    'tags.update': () => ({ id: i.tags, color: '#112233' }),
    'tags.delete': byId(x.tags),

    'notes.create': () => ({ customer_id: i.customers, body: uniq('note') }),
    'notes.get': byId(i.notes),
    'notes.list': () => ({ customerId: i.customers, includeArchived: true, page: 1 }),
    'notes.update': () => ({ id: i.notes, pinned: true }),
    'notes.archive': byId(x.notes),

    'tax_rates.create': () => ({ name: uniq('Tax'), rate: 7.5 }),
    'tax_rates.get': byId(i.tax_rates),
    'tax_rates.list': () => ({ q: 'tax', includeArchived: true, page: 1 }),
    'tax_rates.update': () => ({ id: i.tax_rates, rate: 8.25 }),
    'tax_rates.archive': byId(x.tax_rates),

    'catalog_categories.create': () => ({ name: uniq('Category'), description: 'things', sort_order: 2 }),
    'catalog_categories.get': byId(i.catalog_categories),
    'catalog_categories.list': () => ({ q: 'Services', page: 1 }),
    'catalog_categories.update': () => ({ id: i.catalog_categories, description: 'Services we offer' }),
    'catalog_categories.delete': byId(x.catalog_categories),

    'catalog_items.create': () => ({ name: uniq('Item'), kind: 'material', unit_price: 4.99, category_id: i.catalog_categories }),
    'catalog_items.get': byId(i.catalog_items),
    'catalog_items.list': () => ({ q: 'Tune', categoryId: i.catalog_categories, kind: 'service', includeArchived: true, page: 1 }),
    'catalog_items.update': () => ({ id: i.catalog_items, unit_cost: 21, category_id: i.catalog_categories }),
    'catalog_items.archive': byId(x.catalog_items),

    'quotes.create': () => ({ customer_id: i.customers, location_id: i.locations, title: uniq('Quote'), tax_rate_id: i.tax_rates, line_items: lines() }),
    'quotes.get': byId(i.quotes),
    'quotes.list': () => ({ customerId: i.customers, status: 'draft', q: 'quote', includeArchived: true, page: 1 }),
    'quotes.update': () => ({ id: i.quotes, location_id: i.locations, tax_rate_id: i.tax_rates, message: 'Thanks', line_items: lines() }),
    'quotes.archive': byId(x.quotes),

    'jobs.create': () => ({
      title: uniq('Job'),
      customer_id: i.customers,
      location_id: i.locations,
      scheduled_start: at(5, 9),
      scheduled_end: at(5, 10),
      line_items: plainLines(),
      assigned_user_ids: [i.users],
    }),
    'jobs.get': byId(i.jobs),
    'jobs.list': () => ({ customerId: i.customers, status: 'scheduled', q: 'World', page: 1 }),
    'jobs.update': () => ({ id: i.jobs, customer_id: i.customers, location_id: i.locations, description: 'Bring ladder', line_items: plainLines(), assigned_user_ids: [i.users] }),
    'jobs.cancel': byId(x.jobs),

    'job_series.create': () => ({
      title: uniq('Series'),
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=15',
      timezone: 'America/New_York',
      dtstart: date(1),
      customer_id: i.customers,
      location_id: i.locations,
      start_time: '09:30',
      duration_minutes: 90,
      max_occurrences: 2,
      line_items: plainLines(),
      assigned_user_ids: [i.users],
    }),
    'job_series.get': byId(i.job_series),
    'job_series.list': () => ({ customerId: i.customers, page: 1 }),
    'job_series.update': () => ({ id: i.job_series, customer_id: i.customers, location_id: i.locations, description: 'Weekly visit', line_items: plainLines(), assigned_user_ids: [i.users] }),
    'job_series.end': byId(x.job_series),

    'invoices.create': () => ({ customer_id: i.customers, tax_rate_id: i.tax_rates, due_on: date(14), line_items: lines() }),
    'invoices.get': byId(i.invoices),
    'invoices.list': () => ({ customerId: i.customers, jobId: i.jobs, status: 'draft', page: 1 }),
    'invoices.update': () => ({ id: i.invoices, due_on: date(45), tax_rate_id: i.tax_rates, line_items: lines() }),
    'invoices.void': byId(x.invoices),

    'plans.create': () => ({ customer_id: i.customers, name: uniq('Plan'), price: 19.99, billing_frequency: 'quarterly', starts_on: date(1) }),
    'plans.get': byId(i.plans),
    'plans.list': () => ({ customerId: i.customers, status: 'active', page: 1 }),
    'plans.update': () => ({ id: i.plans, description: 'Monthly upkeep', job_series_id: i.job_series }),
    'plans.cancel': byId(x.plans),
  };
}

/**
 * Further valid calls for references that a tool's main call cannot carry at the same time
 * (a note is on a customer or a job, not both; a job from a quote; a series filter). The isolation
 * matrix uses them so that every reference in every schema is tried in a call that is otherwise valid.
 */
export function variantCalls(w: World): Record<string, Array<() => Args>> {
  const i = w.ids;
  return {
    'notes.create': [() => ({ job_id: i.jobs, body: uniq('job note') })],
    'notes.list': [() => ({ jobId: i.jobs })],
    'jobs.create': [() => ({ title: uniq('From quote'), quote_id: w.approvedQuote })],
    'jobs.list': [() => ({ seriesId: i.job_series })],
    'invoices.create': [() => ({ job_id: i.jobs })],
    'plans.create': [() => ({ customer_id: i.customers, name: uniq('Plan'), price: 5, billing_frequency: 'monthly', starts_on: date(1), job_series_id: i.job_series })],
  };
}
