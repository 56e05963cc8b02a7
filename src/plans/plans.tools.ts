import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreatePlanInput, ListPlansInput, PlanIdInput, UpdatePlanInput } from './dto/plan.inputs';
import { PLAN_OUTPUT, PLAN_PAGE_OUTPUT } from './dto/plan.output';
import { PlansService } from './plans.service';
import { INSTRUCTIONS } from './plans.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class PlansTools {
  constructor(private readonly plans: PlansService) {}

  @McpTool({
    name: 'plans.list',
    scope: 'read:plans',
    input: ListPlansInput,
    output: PLAN_PAGE_OUTPUT,
    description: 'List service plans, newest first. Example: {"customerId":"<uuid>","status":"active"}',
  })
  list(input: ListPlansInput, ctx: ToolContext) {
    return this.plans.list(ctx, input);
  }

  @McpTool({
    name: 'plans.get',
    scope: 'read:plans',
    input: PlanIdInput,
    output: PLAN_OUTPUT,
    description: 'Get one service plan by id. Example: {"id":"<uuid>"}',
  })
  get(input: PlanIdInput, ctx: ToolContext) {
    return this.plans.get(ctx, input.id);
  }

  @McpTool({
    name: 'plans.create',
    scope: 'write:plans',
    input: CreatePlanInput,
    userActor: true,
    output: PLAN_OUTPUT,
    description:
      'Sell a service plan (maintenance agreement) to a customer, active from starts_on. A daily billing run makes one draft invoice (one line: name, price) per due period, on next_billing_on, which starts at starts_on and then moves one period on. starts_on may be at most 36 months in the past (invalid_input otherwise): the next run bills the past periods, and never a period more than 36 months old. Link the job series that delivers the visits with job_series_id (needs write:job_series too). Example: {"customer_id":"<uuid>","name":"HVAC care","price":29.99,"billing_frequency":"monthly","starts_on":"2026-01-01"}',
  })
  create(input: CreatePlanInput, ctx: ToolContext) {
    return this.plans.create(ctx, input);
  }

  @McpTool({
    name: 'plans.update',
    scope: 'write:plans',
    input: UpdatePlanInput,
    userActor: true,
    output: PLAN_OUTPUT,
    description: 'Change an active plan: only the fields sent change; a cancelled plan cannot be updated (conflict). Example: {"id":"<uuid>","price":34.99}',
  })
  update(input: UpdatePlanInput, ctx: ToolContext) {
    return this.plans.update(ctx, input);
  }

  @McpTool({
    name: 'plans.cancel',
    scope: 'write:plans',
    input: PlanIdInput,
    userActor: true,
    output: PLAN_OUTPUT,
    description:
      'Cancel a plan: status cancelled, cancelled_at stamped, no further billing, and its linked job series ends (as job_series.end). One-way: a cancelled plan cannot be updated or reactivated; cancelling it again changes nothing. Example: {"id":"<uuid>"}',
  })
  cancel(input: PlanIdInput, ctx: ToolContext) {
    return this.plans.cancel(ctx, input.id);
  }
}
