import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateJobSeriesInput, JobSeriesIdInput, ListJobSeriesInput, UpdateJobSeriesInput } from './dto/job-series.inputs';
import { JOB_SERIES_DETAIL_OUTPUT, JOB_SERIES_ENDED_OUTPUT, JOB_SERIES_OUTPUT, JOB_SERIES_PAGE_OUTPUT } from './dto/job-series.output';
import { JobSeriesService } from './job-series.service';
import { INSTRUCTIONS } from './job-series.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class JobSeriesTools {
  constructor(private readonly series: JobSeriesService) {}

  @McpTool({
    name: 'job_series.list',
    scope: 'read:job_series',
    input: ListJobSeriesInput,
    output: JOB_SERIES_PAGE_OUTPUT,
    description:
      'List recurring job series (the templates), most recent first. Their generated jobs are regular jobs: jobs.list {seriesId}. Example: {"customerId":"<uuid>","page":1}',
  })
  list(input: ListJobSeriesInput, ctx: ToolContext) {
    return this.series.list(ctx, input);
  }

  @McpTool({
    name: 'job_series.get',
    scope: 'read:job_series',
    input: JobSeriesIdInput,
    output: JOB_SERIES_DETAIL_OUTPUT,
    description: 'Get one series with its template job_series_line_items and job_series_assignments. Example: {"id":"<uuid>"}',
  })
  get(input: JobSeriesIdInput, ctx: ToolContext) {
    return this.series.get(ctx, input.id);
  }

  @McpTool({
    name: 'job_series.create',
    scope: 'write:job_series',
    userActor: true,
    input: CreateJobSeriesInput,
    output: JOB_SERIES_OUTPUT,
    description:
      'Create a recurring job series (needs a user token) and generate its first window of job instances: each starts on its occurrence date at start_time ("HH:MM", local; default midnight) in the series timezone, and ends duration_minutes later when set (needs start_time). location_id must be a location of the customer; a line item with catalog_item_id takes the item\'s description and unit_price when omitted. rrule: FREQ DAILY/WEEKLY/MONTHLY/YEARLY, no BYHOUR/BYMINUTE/BYSECOND, COUNT 1-366, UNTIL within 5 years. dtstart is immutable. Returns the series row; its jobs are in jobs.list {seriesId}. Example: {"title":"Weekly lawn maintenance","rrule":"FREQ=WEEKLY;BYDAY=MO","timezone":"America/Los_Angeles","dtstart":"2026-07-07","start_time":"09:00","duration_minutes":60,"line_items":[{"description":"Mow and edge","unit_price":80,"quantity":1}]}',
  })
  create(input: CreateJobSeriesInput, ctx: ToolContext) {
    return this.series.create(ctx, input);
  }

  @McpTool({
    name: 'job_series.update',
    scope: 'write:job_series',
    userActor: true,
    input: UpdateJobSeriesInput,
    output: JOB_SERIES_OUTPUT,
    description:
      'Edit-all (needs a user token): change the series template, then future unscheduled/scheduled instances are replaced by ones generated from the new template (done, cancelled and past instances stay). line_items and assigned_user_ids replace the lists wholesale; omit to keep. start_time null also clears duration_minutes. dtstart cannot be changed. Example: {"id":"<uuid>","title":"Bi-weekly lawn care","rrule":"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"}',
  })
  update(input: UpdateJobSeriesInput, ctx: ToolContext) {
    return this.series.update(ctx, input);
  }

  @McpTool({
    name: 'job_series.end',
    scope: 'write:job_series',
    input: JobSeriesIdInput,
    output: JOB_SERIES_ENDED_OUTPUT,
    description:
      'End a series for good (cannot be resumed): ends_on becomes today and future unscheduled/scheduled instances are cancelled; done and cancelled jobs stay. Ending it again is a no-op. Returns {ended: true, id}. To pause, use job_series.update with a future ends_on instead. Example: {"id":"<uuid>"}',
  })
  end(input: JobSeriesIdInput, ctx: ToolContext) {
    return this.series.end(ctx, input.id);
  }
}
