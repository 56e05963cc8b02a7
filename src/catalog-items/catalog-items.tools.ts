import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CatalogItemsService } from './catalog-items.service';
import { CatalogItemIdInput, CreateCatalogItemInput, ListCatalogItemsInput, UpdateCatalogItemInput } from './dto/catalog-item.inputs';
import { CATALOG_ITEM_OUTPUT, CATALOG_ITEM_PAGE_OUTPUT } from './dto/catalog-item.output';
import { INSTRUCTIONS } from './catalog-items.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class CatalogItemsTools {
  constructor(private readonly items: CatalogItemsService) {}

  @McpTool({
    name: 'catalog_items.list',
    scope: 'read:catalog_items',
    input: ListCatalogItemsInput,
    output: CATALOG_ITEM_PAGE_OUTPUT,
    description: 'List the pricebook (catalog items), sorted by name; archived items are hidden unless includeArchived. Example: {"q":"filter","kind":"material"}',
  })
  list(input: ListCatalogItemsInput, ctx: ToolContext) {
    return this.items.list(ctx, input);
  }

  @McpTool({
    name: 'catalog_items.get',
    scope: 'read:catalog_items',
    input: CatalogItemIdInput,
    output: CATALOG_ITEM_OUTPUT,
    description: 'Get one catalog item by id, archived or not. Example: {"id":"<uuid>"}',
  })
  get(input: CatalogItemIdInput, ctx: ToolContext) {
    return this.items.get(ctx, input.id);
  }

  @McpTool({
    name: 'catalog_items.create',
    scope: 'write:catalog_items',
    input: CreateCatalogItemInput,
    output: CATALOG_ITEM_OUTPUT,
    description:
      'Add a pricebook item (a service or material with its price). Quote and invoice line items that name it by catalog_item_id copy its description, price and taxable unless they give them. A SKU already used is a conflict. Example: {"name":"Drain cleaning","unit_price":149,"unit":"job","sku":"SVC-DRAIN"}',
  })
  create(input: CreateCatalogItemInput, ctx: ToolContext) {
    return this.items.create(ctx, input);
  }

  @McpTool({
    name: 'catalog_items.update',
    scope: 'write:catalog_items',
    input: UpdateCatalogItemInput,
    output: CATALOG_ITEM_OUTPUT,
    description: 'Change a catalog item: only the fields sent change. Documents already priced keep their prices. Example: {"id":"<uuid>","unit_price":159}',
  })
  update(input: UpdateCatalogItemInput, ctx: ToolContext) {
    return this.items.update(ctx, input);
  }

  @McpTool({
    name: 'catalog_items.archive',
    scope: 'write:catalog_items',
    input: CatalogItemIdInput,
    output: CATALOG_ITEM_OUTPUT,
    description: 'Archive a catalog item: hidden from the list, kept on documents that use it; catalog_items.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: CatalogItemIdInput, ctx: ToolContext) {
    return this.items.archive(ctx, input.id);
  }
}
