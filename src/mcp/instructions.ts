// The server `instructions` that `initialize` returns: what a model needs once, before it reads any
// tool. Kept compact (it is sent on every connection): the rules of a single tool live in its description.
export const INSTRUCTIONS = `Zoop is the back office of a field-service business (plumbers, lawn crews, HVAC shops). Tools are <entity>.<verb>: list (customers: search), get, create, update (a patch: only the fields sent change, null clears one) and one destructive verb.

Entities (13) and how they link:
- customers are the hub: contacts (people), locations (service addresses), notes (on a customer or a job) and tags (customers.tag_ids) hang off one.
- jobs: a visit for a customer, at one of its locations. job_series: a recurring job (rrule) that creates job instances ahead of time (job.series_id).
- quotes → jobs → invoices: jobs.create {quote_id} turns an approved quote into a job; invoices.create {job_id} bills a job.
- plans: a service agreement sold to a customer; a daily run bills it (one draft invoice per period, invoice.plan_id); plan.job_series_id is the series that delivers its visits.
- catalog_items (the pricebook, grouped in catalog_categories) fill document line items by catalog_item_id; tax_rates set the tax of quotes and invoices (tax_rate_id).

Statuses (any other move is conflict):
- jobs: unscheduled → scheduled (setting scheduled_start does it) → done; cancelled from any; update can reopen.
- quotes: draft → sent → approved | declined; sent → draft. An approved quote's lines are frozen.
- invoices: draft → sent (issued_on today, due_on +30 days) → paid (amount_paid reaches total). Lines change only in draft. void is final; a paid invoice cannot be voided.
- plans: active → cancelled (one-way; ends its series).
- job_series: job_series.end is one-way (ends_on today, future pending instances cancelled); update regenerates future pending instances.

Money: JSON numbers with at most 2 decimals (quantities 3, tax rates are percents with 4). Never send totals: the server computes line total = round(unit_price × quantity, 2), subtotal, tax_total = round(taxable lines × rate / 100, 2), total = subtotal + tax_total, rounding half away from zero. line_items on update replaces the whole list. amount_paid is the total paid so far; balance_due = total − amount_paid.

Dates: ids are UUIDs; timestamps ISO 8601 (sent with a zone, returned in UTC, e.g. 2026-06-16T09:00:00Z); dates YYYY-MM-DD. A series' dates and times are local to its IANA timezone.

Results: every property a tool's outputSchema lists is always present (null when empty).

Lists: page from 1, 20 rows a page; results are {data, count (all pages), page, limit}. Archived rows are hidden unless includeArchived: true; update {archived: false} restores. Arguments are snake_case, list filters camelCase (customerId).

Errors (error.data.kind): invalid_input with data.issues [{path, message}] naming each bad field (also an id of another tenant, or a tenant key on a tool that needs a user); not_found; conflict (duplicate, forbidden move); internal. HTTP 401 unauthorized, 403 insufficient_scope (data.required_scope), 429 rate_limited.

Retries: send a write with an Idempotency-Key header or params._meta["zoop/idempotency_key"]: the same key and arguments within 24 h return the first result without writing again; other arguments are conflict.

Narrowing: X-MCP-Toolsets: jobs,customers (or ?toolsets=) and X-MCP-Readonly: true (or ?readonly=1) limit the tools listed and callable.`;
