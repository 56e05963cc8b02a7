import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CatalogItemsService } from './catalog-items.service';
import { CatalogItemIdInput, CreateCatalogItemInput, ListCatalogItemsInput, UpdateCatalogItemInput } from './dto/catalog-item.inputs';

@Injectable()
export class CatalogItemsTools {
  constructor(private readonly items: CatalogItemsService) {}

  @McpTool({
    name: 'catalog_items.list',
    scope: 'read:catalog_items',
    input: ListCatalogItemsInput,
    description:
      'List the pricebook, sorted by name. q matches name, SKU or description (case-insensitive substring); filter by categoryId or kind (service|material); archived items are hidden unless includeArchived is true. Example: {"q":"filter","kind":"material"}',
  })
  list(input: ListCatalogItemsInput, ctx: ToolContext) {
    return this.items.list(ctx, input);
  }

  @McpTool({ name: 'catalog_items.get', scope: 'read:catalog_items', input: CatalogItemIdInput, description: 'Get one catalog item by id. Example: {"id":"<uuid>"}' })
  get(input: CatalogItemIdInput, ctx: ToolContext) {
    return this.items.get(ctx, input.id);
  }

  @McpTool({
    name: 'catalog_items.create',
    scope: 'write:catalog_items',
    input: CreateCatalogItemInput,
    description:
      'Add a pricebook item. name and unit_price (≥0, at most 2 decimals) are required; kind is service (default) or material; taxable defaults to true; sku (≤64) is unique per tenant when set (a duplicate is a conflict). Example: {"name":"Drain cleaning","unit_price":149,"unit":"job","sku":"SVC-DRAIN"}',
  })
  create(input: CreateCatalogItemInput, ctx: ToolContext) {
    return this.items.create(ctx, input);
  }

  @McpTool({
    name: 'catalog_items.update',
    scope: 'write:catalog_items',
    input: UpdateCatalogItemInput,
    description:
      'Change a catalog item: only the fields sent change; null clears an optional field; archived:false restores an archived item. Documents already priced keep their prices. Example: {"id":"<uuid>","unit_price":159}',
  })
  update(input: UpdateCatalogItemInput, ctx: ToolContext) {
    return this.items.update(ctx, input);
  }

  @McpTool({
    name: 'catalog_items.archive',
    scope: 'write:catalog_items',
    input: CatalogItemIdInput,
    description: 'Archive a catalog item: hidden from the list, kept on documents that use it; catalog_items.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: CatalogItemIdInput, ctx: ToolContext) {
    return this.items.archive(ctx, input.id);
  }
}
