import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { CatalogCategoriesService } from './catalog-categories.service';
import {
  CatalogCategoryIdInput,
  CreateCatalogCategoryInput,
  ListCatalogCategoriesInput,
  UpdateCatalogCategoryInput,
} from './dto/catalog-category.inputs';

@Injectable()
export class CatalogCategoriesTools {
  constructor(private readonly categories: CatalogCategoriesService) {}

  @McpTool({
    name: 'catalog_categories.list',
    scope: 'read:catalog_categories',
    input: ListCatalogCategoriesInput,
    description: 'List pricebook categories, by sort_order then name; q filters by name (case-insensitive substring). Example: {"q":"hvac"}',
  })
  list(input: ListCatalogCategoriesInput, ctx: ToolContext) {
    return this.categories.list(ctx, input);
  }

  @McpTool({ name: 'catalog_categories.get', scope: 'read:catalog_categories', input: CatalogCategoryIdInput, description: 'Get one pricebook category by id. Example: {"id":"<uuid>"}' })
  get(input: CatalogCategoryIdInput, ctx: ToolContext) {
    return this.categories.get(ctx, input.id);
  }

  @McpTool({
    name: 'catalog_categories.create',
    scope: 'write:catalog_categories',
    input: CreateCatalogCategoryInput,
    description: 'Create a pricebook category. name (1-100) is unique per tenant ignoring case (a duplicate is a conflict). Example: {"name":"Plumbing","sort_order":1}',
  })
  create(input: CreateCatalogCategoryInput, ctx: ToolContext) {
    return this.categories.create(ctx, input);
  }

  @McpTool({
    name: 'catalog_categories.update',
    scope: 'write:catalog_categories',
    input: UpdateCatalogCategoryInput,
    description: 'Change a pricebook category: only the fields sent change. Example: {"id":"<uuid>","name":"Plumbing & drains"}',
  })
  update(input: UpdateCatalogCategoryInput, ctx: ToolContext) {
    return this.categories.update(ctx, input);
  }

  @McpTool({
    name: 'catalog_categories.delete',
    scope: 'write:catalog_categories',
    input: CatalogCategoryIdInput,
    description: 'Delete a pricebook category. Its catalog items are kept and become uncategorised. Returns {deleted:true,id}. Example: {"id":"<uuid>"}',
  })
  delete(input: CatalogCategoryIdInput, ctx: ToolContext) {
    return this.categories.delete(ctx, input.id);
  }
}
