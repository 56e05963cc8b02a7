import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateQuoteInput, ListQuotesInput, QuoteIdInput, UpdateQuoteInput } from './dto/quote.inputs';
import { QUOTE_OUTPUT, QUOTE_PAGE_OUTPUT } from './dto/quote.output';
import { QuotesService } from './quotes.service';
import { INSTRUCTIONS } from './quotes.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class QuotesTools {
  constructor(private readonly quotes: QuotesService) {}

  @McpTool({
    name: 'quotes.list',
    scope: 'read:quotes',
    input: ListQuotesInput,
    output: QUOTE_PAGE_OUTPUT,
    description: 'List quotes, newest first, without their line items (quotes.get has them); archived quotes are hidden unless includeArchived. Example: {"status":"sent"}',
  })
  list(input: ListQuotesInput, ctx: ToolContext) {
    return this.quotes.list(ctx, input);
  }

  @McpTool({
    name: 'quotes.get',
    scope: 'read:quotes',
    input: QuoteIdInput,
    output: QUOTE_OUTPUT,
    description: 'Get one quote with its line items and totals. Example: {"id":"<uuid>"}',
  })
  get(input: QuoteIdInput, ctx: ToolContext) {
    return this.quotes.get(ctx, input.id);
  }

  @McpTool({
    name: 'quotes.create',
    scope: 'write:quotes',
    input: CreateQuoteInput,
    userActor: true,
    output: QUOTE_OUTPUT,
    description:
      'Create a draft quote, numbered Q-1001, Q-1002, … per tenant. Never send totals: the server computes line totals, subtotal, tax_total (from tax_rate_id) and total. Send it with quotes.update {status:"sent"}; once approved, jobs.create {quote_id} turns it into a job. Example: {"customer_id":"<uuid>","title":"Water heater","tax_rate_id":"<uuid>","line_items":[{"description":"Install","unit_price":450,"quantity":1}]}',
  })
  create(input: CreateQuoteInput, ctx: ToolContext) {
    return this.quotes.create(ctx, input);
  }

  @McpTool({
    name: 'quotes.update',
    scope: 'write:quotes',
    input: UpdateQuoteInput,
    userActor: true,
    output: QUOTE_OUTPUT,
    description:
      'Change a quote: only the fields sent change. status moves draft→sent→approved|declined, and sent→draft; any other move is a conflict, and an approved quote cannot change its line items or tax rate (conflict). Example: {"id":"<uuid>","status":"sent"}',
  })
  update(input: UpdateQuoteInput, ctx: ToolContext) {
    return this.quotes.update(ctx, input);
  }

  @McpTool({
    name: 'quotes.archive',
    scope: 'write:quotes',
    input: QuoteIdInput,
    userActor: true,
    output: QUOTE_OUTPUT,
    description: 'Archive a quote (hidden from the list; its number is never reused); quotes.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: QuoteIdInput, ctx: ToolContext) {
    return this.quotes.archive(ctx, input.id);
  }
}
