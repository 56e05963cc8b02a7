import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateInvoiceInput, InvoiceIdInput, ListInvoicesInput, UpdateInvoiceInput } from './dto/invoice.inputs';
import { INVOICE_OUTPUT, INVOICE_PAGE_OUTPUT } from './dto/invoice.output';
import { InvoicesService } from './invoices.service';
import { INSTRUCTIONS } from './invoices.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class InvoicesTools {
  constructor(private readonly invoices: InvoicesService) {}

  @McpTool({
    name: 'invoices.list',
    scope: 'read:invoices',
    input: ListInvoicesInput,
    output: INVOICE_PAGE_OUTPUT,
    description:
      'List invoices, newest first, without their line items (invoices.get has them); from/to filter issued_on, so drafts never match them. Example: {"status":"sent","from":"2026-01-01"}',
  })
  list(input: ListInvoicesInput, ctx: ToolContext) {
    return this.invoices.list(ctx, input);
  }

  @McpTool({
    name: 'invoices.get',
    scope: 'read:invoices',
    input: InvoiceIdInput,
    output: INVOICE_OUTPUT,
    description: 'Get one invoice with its line items, totals, amount_paid and balance_due. Example: {"id":"<uuid>"}',
  })
  get(input: InvoiceIdInput, ctx: ToolContext) {
    return this.invoices.get(ctx, input.id);
  }

  @McpTool({
    name: 'invoices.create',
    scope: 'write:invoices',
    input: CreateInvoiceInput,
    userActor: true,
    output: INVOICE_OUTPUT,
    description:
      'Create a draft invoice, numbered INV-1001, INV-1002, … per tenant, for a customer or a job (job_id without line_items bills the job: its flat_price, else its line items). Never send totals: the server computes them. Issue it with invoices.update {status:"sent"}. Example: {"customer_id":"<uuid>","line_items":[{"description":"Repair","unit_price":180}]}',
  })
  create(input: CreateInvoiceInput, ctx: ToolContext) {
    return this.invoices.create(ctx, input);
  }

  @McpTool({
    name: 'invoices.update',
    scope: 'write:invoices',
    input: UpdateInvoiceInput,
    userActor: true,
    output: INVOICE_OUTPUT,
    description:
      'Change an invoice. status:"sent" issues it (issued_on today, due_on default +30 days). amount_paid is the running total paid, not an increment: reaching the total makes it paid (paid_at set); status:"paid" records the full total. Line items and tax rate change only while draft; a void invoice cannot change (conflict). Example: {"id":"<uuid>","amount_paid":120.5}',
  })
  update(input: UpdateInvoiceInput, ctx: ToolContext) {
    return this.invoices.update(ctx, input);
  }

  @McpTool({
    name: 'invoices.void',
    scope: 'write:invoices',
    input: InvoiceIdInput,
    userActor: true,
    output: INVOICE_OUTPUT,
    description:
      'Void an invoice (status void, voided_at stamped). Final: a void invoice never changes again; voiding it again changes nothing. A paid invoice cannot be voided (conflict). Example: {"id":"<uuid>"}',
  })
  void(input: InvoiceIdInput, ctx: ToolContext) {
    return this.invoices.void(ctx, input.id);
  }
}
