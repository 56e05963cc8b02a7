import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CreateTaxRateInput, ListTaxRatesInput, TaxRateIdInput, UpdateTaxRateInput } from './dto/tax-rate.inputs';
import { TaxRatesService } from './tax-rates.service';

@Injectable()
export class TaxRatesTools {
  constructor(private readonly rates: TaxRatesService) {}

  @McpTool({
    name: 'tax_rates.list',
    scope: 'read:tax_rates',
    input: ListTaxRatesInput,
    description: 'List tax rates by name; q matches the name; archived rates are hidden unless includeArchived is true. Example: {"q":"state"}',
  })
  list(input: ListTaxRatesInput, ctx: ToolContext) {
    return this.rates.list(ctx, input);
  }

  @McpTool({ name: 'tax_rates.get', scope: 'read:tax_rates', input: TaxRateIdInput, description: 'Get one tax rate by id. Example: {"id":"<uuid>"}' })
  get(input: TaxRateIdInput, ctx: ToolContext) {
    return this.rates.get(ctx, input.id);
  }

  @McpTool({
    name: 'tax_rates.create',
    scope: 'write:tax_rates',
    input: CreateTaxRateInput,
    description:
      'Add a tax rate. rate is a percentage 0–100 with up to 4 decimals; is_default:true makes it the tenant\'s one default (the previous default is unset). Example: {"name":"NYC sales tax","rate":8.875,"is_default":true}',
  })
  create(input: CreateTaxRateInput, ctx: ToolContext) {
    return this.rates.create(ctx, input);
  }

  @McpTool({
    name: 'tax_rates.update',
    scope: 'write:tax_rates',
    input: UpdateTaxRateInput,
    description:
      'Change a tax rate: only the fields sent change; is_default:true unsets the previous default; archived:false restores an archived rate. Documents already priced keep their totals until their lines change. Example: {"id":"<uuid>","rate":9}',
  })
  update(input: UpdateTaxRateInput, ctx: ToolContext) {
    return this.rates.update(ctx, input);
  }

  @McpTool({
    name: 'tax_rates.archive',
    scope: 'write:tax_rates',
    input: TaxRateIdInput,
    description: 'Archive a tax rate: documents that use it keep it, but it can no longer be put on a new quote or invoice. Example: {"id":"<uuid>"}',
  })
  archive(input: TaxRateIdInput, ctx: ToolContext) {
    return this.rates.archive(ctx, input.id);
  }
}
