import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CustomersService } from './customers.service';
import { CreateCustomerInput, CustomerIdInput, SearchCustomersInput, UpdateCustomerInput } from './dto/customer.inputs';

@Injectable()
export class CustomersTools {
  constructor(private readonly customers: CustomersService) {}

  @McpTool({
    name: 'customers.search',
    scope: 'read:customers',
    input: SearchCustomersInput,
    description:
      'Search customers. q matches display name, company, email or phone (case-insensitive substring); sorted by display name; archived customers are hidden unless includeArchived is true. Example: {"q":"Henderson"}',
  })
  search(input: SearchCustomersInput, ctx: ToolContext) {
    return this.customers.search(ctx, input);
  }

  @McpTool({ name: 'customers.get', scope: 'read:customers', input: CustomerIdInput, description: 'Get one customer by id. Example: {"id":"<uuid>"}' })
  get(input: CustomerIdInput, ctx: ToolContext) {
    return this.customers.get(ctx, input.id);
  }

  @McpTool({
    name: 'customers.create',
    scope: 'write:customers',
    input: CreateCustomerInput,
    description:
      'Create a customer. display_name is required; billing_address.country is an ISO 3166-1 alpha-2 code. Example: {"display_name":"Ada Henderson","email":"ada@example.com"}',
  })
  create(input: CreateCustomerInput, ctx: ToolContext) {
    return this.customers.create(ctx, input);
  }

  @McpTool({
    name: 'customers.update',
    scope: 'write:customers',
    input: UpdateCustomerInput,
    description:
      'Change a customer: only the fields sent change; null clears an optional field; archived:false restores an archived customer. Example: {"id":"<uuid>","phone":"+1 555 0100"}',
  })
  update(input: UpdateCustomerInput, ctx: ToolContext) {
    return this.customers.update(ctx, input);
  }

  @McpTool({
    name: 'customers.archive',
    scope: 'write:customers',
    input: CustomerIdInput,
    description: 'Archive a customer: hidden from search, kept with its history; customers.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: CustomerIdInput, ctx: ToolContext) {
    return this.customers.archive(ctx, input.id);
  }
}
