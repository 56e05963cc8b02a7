import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateJobInput, JobIdInput, ListJobsInput, UpdateJobInput } from './dto/job.inputs';
import { JOB_DETAIL_OUTPUT, JOB_OUTPUT, JOB_PAGE_OUTPUT } from './dto/job.output';
import { JobsService } from './jobs.service';
import { INSTRUCTIONS } from './jobs.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class JobsTools {
  constructor(private readonly jobs: JobsService) {}

  @McpTool({
    name: 'jobs.list',
    scope: 'read:jobs',
    input: ListJobsInput,
    output: JOB_PAGE_OUTPUT,
    description:
      'List jobs as summaries, sorted by scheduled_start ascending (no start time last), then newest first. Filters: status, customerId, seriesId, from/to (scheduled_start range, inclusive), q (title substring, case-insensitive). Example: {"status":"scheduled","from":"2026-06-01T00:00:00Z"}',
  })
  list(input: ListJobsInput, ctx: ToolContext) {
    return this.jobs.list(ctx, input);
  }

  @McpTool({
    name: 'jobs.get',
    scope: 'read:jobs',
    input: JobIdInput,
    output: JOB_DETAIL_OUTPUT,
    description: 'Get one job with its line items (each with its total), assignments, up to 50 newest media previews and a customer summary. Example: {"id":"<uuid>"}',
  })
  get(input: JobIdInput, ctx: ToolContext) {
    return this.jobs.get(ctx, input.id);
  }

  @McpTool({
    name: 'jobs.create',
    scope: 'write:jobs',
    input: CreateJobInput,
    output: JOB_OUTPUT,
    userActor: true,
    oneStatement: true,
    description:
      'Create a job (needs a user token). A scheduled_start makes it scheduled, else unscheduled. quote_id (an approved quote) fills in the customer, location and line items not given; a line item with catalog_item_id takes the item\'s description and unit_price when omitted. One assigned_user_ids entry that is not a user of your tenant fails the whole call. Returns the job row; jobs.get adds its lists. Example: {"title":"Replace kitchen faucet","scheduled_start":"2026-06-16T09:00:00Z","line_items":[{"description":"Labor","unit_price":95,"quantity":2}]}',
  })
  create(input: CreateJobInput, ctx: ToolContext) {
    return this.jobs.create(ctx, input);
  }

  @McpTool({
    name: 'jobs.update',
    scope: 'write:jobs',
    input: UpdateJobInput,
    output: JOB_OUTPUT,
    userActor: true,
    description:
      'Change a job (needs a user token): only the fields sent change. Setting or clearing scheduled_start moves an unscheduled/scheduled job between those statuses; status done stamps completed_at, any other status clears it; done/cancelled jobs reopen with status scheduled or unscheduled. scheduled_end may not precede scheduled_start. line_items (catalog_item_id fills an omitted description/unit_price) and assigned_user_ids, when sent, replace the whole list. Example: {"id":"<uuid>","status":"done"}',
  })
  update(input: UpdateJobInput, ctx: ToolContext) {
    return this.jobs.update(ctx, input);
  }

  @McpTool({
    name: 'jobs.cancel',
    scope: 'write:jobs',
    input: JobIdInput,
    output: JOB_OUTPUT,
    userActor: true,
    description:
      'Cancel a job (needs a user token); everything on it is kept and cancelling twice is a no-op. Reopen with jobs.update status "scheduled" or "unscheduled". Example: {"id":"<uuid>"}',
  })
  cancel(input: JobIdInput, ctx: ToolContext) {
    return this.jobs.cancel(ctx, input.id);
  }
}
