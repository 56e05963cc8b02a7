import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { ContactsService } from './contacts.service';
import { ContactIdInput, CreateContactInput, ListContactsInput, UpdateContactInput } from './dto/contact.inputs';
import { CONTACT_OUTPUT, CONTACT_PAGE_OUTPUT } from './dto/contact.output';
import { INSTRUCTIONS } from './contacts.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class ContactsTools {
  constructor(private readonly contacts: ContactsService) {}

  @McpTool({
    name: 'contacts.list',
    scope: 'read:contacts',
    input: ListContactsInput,
    output: CONTACT_PAGE_OUTPUT,
    description:
      'List contacts (people at customers), primary first then by name. customerId narrows to one customer; q matches name, email, phone or title (case-insensitive substring); archived contacts are hidden unless includeArchived is true. Example: {"customerId":"<uuid>"}',
  })
  list(input: ListContactsInput, ctx: ToolContext) {
    return this.contacts.list(ctx, input);
  }

  @McpTool({ name: 'contacts.get', scope: 'read:contacts', input: ContactIdInput, output: CONTACT_OUTPUT, description: 'Get one contact by id. Example: {"id":"<uuid>"}' })
  get(input: ContactIdInput, ctx: ToolContext) {
    return this.contacts.get(ctx, input.id);
  }

  @McpTool({
    name: 'contacts.create',
    scope: 'write:contacts',
    input: CreateContactInput,
    output: CONTACT_OUTPUT,
    description:
      'Add a contact person to a customer. customer_id and first_name are required; customer_id cannot change later. is_primary:true makes this the customer\'s one primary contact (any other loses it). Example: {"customer_id":"<uuid>","first_name":"Dana","email":"dana@example.com","is_primary":true}',
  })
  create(input: CreateContactInput, ctx: ToolContext) {
    return this.contacts.create(ctx, input);
  }

  @McpTool({
    name: 'contacts.update',
    scope: 'write:contacts',
    input: UpdateContactInput,
    output: CONTACT_OUTPUT,
    description:
      'Change a contact: only the fields sent change; null clears an optional field; is_primary:true makes it the primary contact (the previous one is unset); archived:false restores it. The customer cannot change. Example: {"id":"<uuid>","title":"Facilities manager"}',
  })
  update(input: UpdateContactInput, ctx: ToolContext) {
    return this.contacts.update(ctx, input);
  }

  @McpTool({
    name: 'contacts.archive',
    scope: 'write:contacts',
    input: ContactIdInput,
    output: CONTACT_OUTPUT,
    description: 'Archive a contact: hidden from lists and from customers.get; contacts.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: ContactIdInput, ctx: ToolContext) {
    return this.contacts.archive(ctx, input.id);
  }
}
