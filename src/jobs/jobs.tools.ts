import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CreateJobInput, JobIdInput, ListJobsInput, UpdateJobInput } from './dto/job.inputs';
import { JobsService } from './jobs.service';

@Injectable()
export class JobsTools {
  constructor(private readonly jobs: JobsService) {}

  @McpTool({
    name: 'jobs.list',
    scope: 'read:jobs',
    input: ListJobsInput,
    description:
      'List jobs, 20 per page with the total count: sorted by scheduled_start ascending (no start time last), then newest first. Filters: status, customerId, from/to (scheduled_start range, inclusive), q (title substring, case-insensitive). Example: {"status":"scheduled","from":"2026-06-01T00:00:00Z"}',
  })
  list(input: ListJobsInput, ctx: ToolContext) {
    return this.jobs.list(ctx, input);
  }

  @McpTool({
    name: 'jobs.get',
    scope: 'read:jobs',
    input: JobIdInput,
    description: 'Get one job with its line items (with totals), assignments, up to 50 media previews and the customer summary. Example: {"id":"<uuid>"}',
  })
  get(input: JobIdInput, ctx: ToolContext) {
    return this.jobs.get(ctx, input.id);
  }

  @McpTool({
    name: 'jobs.create',
    scope: 'write:jobs',
    input: CreateJobInput,
    userActor: true,
    description:
      'Create a job (needs a user token). A scheduled_start makes it scheduled, else unscheduled. Every assigned_user_ids entry must be a member of your tenant. A line item with catalog_item_id takes the item\'s description and unit_price when omitted. Example: {"title":"Replace kitchen faucet","scheduled_start":"2026-06-16T09:00:00Z","line_items":[{"description":"Labor","unit_price":95,"quantity":2}]}',
  })
  create(input: CreateJobInput, ctx: ToolContext) {
    return this.jobs.create(ctx, input);
  }

  @McpTool({
    name: 'jobs.update',
    scope: 'write:jobs',
    input: UpdateJobInput,
    userActor: true,
    description:
      'Change a job (needs a user token): only the fields sent change. Setting or clearing scheduled_start moves an unscheduled/scheduled job between those statuses; status done stamps completed_at, any other status clears it; done/cancelled jobs reopen with status scheduled or unscheduled. line_items (catalog_item_id fills an omitted description/unit_price) and assigned_user_ids, when sent, replace the whole list. Example: {"id":"<uuid>","status":"done"}',
  })
  update(input: UpdateJobInput, ctx: ToolContext) {
    return this.jobs.update(ctx, input);
  }

  @McpTool({
    name: 'jobs.cancel',
    scope: 'write:jobs',
    input: JobIdInput,
    userActor: true,
    description: 'Cancel a job (needs a user token); everything on it is kept. Reopen with jobs.update status "scheduled" or "unscheduled". Example: {"id":"<uuid>"}',
  })
  cancel(input: JobIdInput, ctx: ToolContext) {
    return this.jobs.cancel(ctx, input.id);
  }
}
