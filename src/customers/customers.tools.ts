import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CustomersService } from './customers.service';
import { CreateCustomerInput, CustomerIdInput, SearchCustomersInput, UpdateCustomerInput } from './dto/customer.inputs';
import { CUSTOMER_DETAIL_OUTPUT, CUSTOMER_OUTPUT, CUSTOMER_PAGE_OUTPUT, CUSTOMER_WITH_TAGS_OUTPUT } from './dto/customer.output';
import { INSTRUCTIONS } from './customers.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class CustomersTools {
  constructor(private readonly customers: CustomersService) {}

  @McpTool({
    name: 'customers.search',
    scope: 'read:customers',
    input: SearchCustomersInput,
    output: CUSTOMER_PAGE_OUTPUT,
    description:
      'Search customers, sorted by display name. q matches display name, company, email or phone (case-insensitive substring); tagId keeps those with that tag; archived customers are hidden unless includeArchived is true. Rows carry no tags: customers.get has them. Example: {"q":"Henderson"}',
  })
  search(input: SearchCustomersInput, ctx: ToolContext) {
    return this.customers.search(ctx, input);
  }

  @McpTool({
    name: 'customers.get',
    scope: 'read:customers',
    input: CustomerIdInput,
    output: CUSTOMER_DETAIL_OUTPUT,
    description: 'Get one customer with its tags and its non-archived contacts and locations. Example: {"id":"<uuid>"}',
  })
  get(input: CustomerIdInput, ctx: ToolContext) {
    return this.customers.get(ctx, input.id);
  }

  @McpTool({
    name: 'customers.create',
    scope: 'write:customers',
    input: CreateCustomerInput,
    output: CUSTOMER_WITH_TAGS_OUTPUT,
    description:
      'Create a customer (only display_name is required) and return it with its tags. Add people with contacts.create and service addresses with locations.create. Example: {"display_name":"Ada Henderson","email":"ada@example.com","billing_address":{"line1":"1 Main St","city":"Springfield","region":"IL","postal_code":"62701","country":"US"}}',
  })
  create(input: CreateCustomerInput, ctx: ToolContext) {
    return this.customers.create(ctx, input);
  }

  @McpTool({
    name: 'customers.update',
    scope: 'write:customers',
    input: UpdateCustomerInput,
    output: CUSTOMER_WITH_TAGS_OUTPUT,
    description:
      'Change a customer: only the fields sent change; null clears an optional field; billing_address and tag_ids replace the old ones wholesale; archived:false restores an archived customer. Example: {"id":"<uuid>","phone":"+1 555 0100"}',
  })
  update(input: UpdateCustomerInput, ctx: ToolContext) {
    return this.customers.update(ctx, input);
  }

  @McpTool({
    name: 'customers.archive',
    scope: 'write:customers',
    input: CustomerIdInput,
    output: CUSTOMER_OUTPUT,
    description:
      'Archive a customer: hidden from search, kept with its history; archiving again is a no-op; customers.update {archived:false} restores it. Returns the customer row (without tags). Example: {"id":"<uuid>"}',
  })
  archive(input: CustomerIdInput, ctx: ToolContext) {
    return this.customers.archive(ctx, input.id);
  }
}
