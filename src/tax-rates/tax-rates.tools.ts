import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateTaxRateInput, ListTaxRatesInput, TaxRateIdInput, UpdateTaxRateInput } from './dto/tax-rate.inputs';
import { TAX_RATE_OUTPUT, TAX_RATE_PAGE_OUTPUT } from './dto/tax-rate.output';
import { TaxRatesService } from './tax-rates.service';
import { INSTRUCTIONS } from './tax-rates.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class TaxRatesTools {
  constructor(private readonly rates: TaxRatesService) {}

  @McpTool({
    name: 'tax_rates.list',
    scope: 'read:tax_rates',
    input: ListTaxRatesInput,
    output: TAX_RATE_PAGE_OUTPUT,
    description: 'List tax rates by name; archived rates are hidden unless includeArchived. Example: {"q":"state"}',
  })
  list(input: ListTaxRatesInput, ctx: ToolContext) {
    return this.rates.list(ctx, input);
  }

  @McpTool({
    name: 'tax_rates.get',
    scope: 'read:tax_rates',
    input: TaxRateIdInput,
    output: TAX_RATE_OUTPUT,
    description: 'Get one tax rate by id, archived or not. Example: {"id":"<uuid>"}',
  })
  get(input: TaxRateIdInput, ctx: ToolContext) {
    return this.rates.get(ctx, input.id);
  }

  @McpTool({
    name: 'tax_rates.create',
    scope: 'write:tax_rates',
    input: CreateTaxRateInput,
    output: TAX_RATE_OUTPUT,
    description:
      'Add a tax rate that quotes and invoices can use (tax_rate_id): tax_total = taxable lines × rate / 100. At most one rate is the default (is_default:true unsets the previous one); it is a hint for clients, never applied to a document by itself. Example: {"name":"NYC sales tax","rate":8.875,"is_default":true}',
  })
  create(input: CreateTaxRateInput, ctx: ToolContext) {
    return this.rates.create(ctx, input);
  }

  @McpTool({
    name: 'tax_rates.update',
    scope: 'write:tax_rates',
    input: UpdateTaxRateInput,
    output: TAX_RATE_OUTPUT,
    description: 'Change a tax rate: only the fields sent change. Example: {"id":"<uuid>","rate":9}',
  })
  update(input: UpdateTaxRateInput, ctx: ToolContext) {
    return this.rates.update(ctx, input);
  }

  @McpTool({
    name: 'tax_rates.archive',
    scope: 'write:tax_rates',
    input: TaxRateIdInput,
    output: TAX_RATE_OUTPUT,
    description: 'Archive a tax rate: documents that use it keep it, but it can no longer be put on a new quote or invoice. Example: {"id":"<uuid>"}',
  })
  archive(input: TaxRateIdInput, ctx: ToolContext) {
    return this.rates.archive(ctx, input.id);
  }
}
