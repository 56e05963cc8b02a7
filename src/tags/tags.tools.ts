import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateTagInput, ListTagsInput, TagIdInput, UpdateTagInput } from './dto/tag.inputs';
import { TAG_DELETED_OUTPUT, TAG_OUTPUT, TAG_PAGE_OUTPUT } from './dto/tag.output';
import { TagsService } from './tags.service';
import { INSTRUCTIONS } from './tags.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class TagsTools {
  constructor(private readonly tags: TagsService) {}

  @McpTool({
    name: 'tags.list',
    scope: 'read:tags',
    input: ListTagsInput,
    output: TAG_PAGE_OUTPUT,
    description: 'List the tenant\'s tags by name; q filters by a case-insensitive substring of the name. Example: {"q":"vip"}',
  })
  list(input: ListTagsInput, ctx: ToolContext) {
    return this.tags.list(ctx, input);
  }

  @McpTool({ name: 'tags.get', scope: 'read:tags', input: TagIdInput, output: TAG_OUTPUT, description: 'Get one tag by id. Example: {"id":"<uuid>"}' })
  get(input: TagIdInput, ctx: ToolContext) {
    return this.tags.get(ctx, input.id);
  }

  @McpTool({
    name: 'tags.create',
    scope: 'write:tags',
    input: CreateTagInput,
    output: TAG_OUTPUT,
    description:
      'Create a tag to put on customers (customers.create/update tag_ids). Names are unique per tenant regardless of case (a duplicate is a conflict); color is optional #RRGGBB. Example: {"name":"VIP","color":"#FFD700"}',
  })
  create(input: CreateTagInput, ctx: ToolContext) {
    return this.tags.create(ctx, input);
  }

  @McpTool({
    name: 'tags.update',
    scope: 'write:tags',
    input: UpdateTagInput,
    output: TAG_OUTPUT,
    description: 'Rename or recolour a tag; only the fields sent change, color null clears it. Example: {"id":"<uuid>","name":"Key account"}',
  })
  update(input: UpdateTagInput, ctx: ToolContext) {
    return this.tags.update(ctx, input);
  }

  @McpTool({
    name: 'tags.delete',
    scope: 'write:tags',
    input: TagIdInput,
    output: TAG_DELETED_OUTPUT,
    description: 'Delete a tag for good: it is removed from every customer that had it. Returns {deleted:true,id}. Example: {"id":"<uuid>"}',
  })
  delete(input: TagIdInput, ctx: ToolContext) {
    return this.tags.delete(ctx, input.id);
  }
}
