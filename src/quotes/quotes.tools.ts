import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CreateQuoteInput, ListQuotesInput, QuoteIdInput, UpdateQuoteInput } from './dto/quote.inputs';
import { QuotesService } from './quotes.service';

@Injectable()
export class QuotesTools {
  constructor(private readonly quotes: QuotesService) {}

  @McpTool({
    name: 'quotes.list',
    scope: 'read:quotes',
    input: ListQuotesInput,
    description:
      'List quotes, newest first, without their line items. Filter by status (draft|sent|approved|declined) and customerId; q matches the title or number; archived quotes are hidden unless includeArchived is true. Example: {"status":"sent"}',
  })
  list(input: ListQuotesInput, ctx: ToolContext) {
    return this.quotes.list(ctx, input);
  }

  @McpTool({ name: 'quotes.get', scope: 'read:quotes', input: QuoteIdInput, description: 'Get one quote with its line items and totals. Example: {"id":"<uuid>"}' })
  get(input: QuoteIdInput, ctx: ToolContext) {
    return this.quotes.get(ctx, input.id);
  }

  @McpTool({
    name: 'quotes.create',
    scope: 'write:quotes',
    input: CreateQuoteInput,
    userActor: true,
    description:
      'Create a draft quote numbered Q-1001, Q-1002, … per tenant. customer_id and title are required. Each line item has description, unit_price (≥0, 2 decimals), quantity (>0, default 1), taxable (default true), sort_order; a line with catalog_item_id takes the item\'s description, price and taxable when omitted. Never send totals: the server computes line totals, subtotal, tax_total (from tax_rate_id) and total. Example: {"customer_id":"<uuid>","title":"Water heater","tax_rate_id":"<uuid>","line_items":[{"description":"Install","unit_price":450,"quantity":1}]}',
  })
  create(input: CreateQuoteInput, ctx: ToolContext) {
    return this.quotes.create(ctx, input);
  }

  @McpTool({
    name: 'quotes.update',
    scope: 'write:quotes',
    input: UpdateQuoteInput,
    userActor: true,
    description:
      'Change a quote: only the fields sent change; line_items replaces the whole list. status moves draft→sent→approved|declined, and sent→draft; any other move is a conflict, and an approved quote cannot change its line items or tax rate (conflict). Example: {"id":"<uuid>","status":"sent"}',
  })
  update(input: UpdateQuoteInput, ctx: ToolContext) {
    return this.quotes.update(ctx, input);
  }

  @McpTool({
    name: 'quotes.archive',
    scope: 'write:quotes',
    input: QuoteIdInput,
    userActor: true,
    description: 'Archive a quote (hidden from the list; its number is never reused); quotes.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: QuoteIdInput, ctx: ToolContext) {
    return this.quotes.archive(ctx, input.id);
  }
}
