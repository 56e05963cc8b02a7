import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CatalogCategoriesService } from './catalog-categories.service';
import { CatalogCategoryIdInput, CreateCatalogCategoryInput, ListCatalogCategoriesInput, UpdateCatalogCategoryInput } from './dto/catalog-category.inputs';
import { CATALOG_CATEGORY_DELETED_OUTPUT, CATALOG_CATEGORY_OUTPUT, CATALOG_CATEGORY_PAGE_OUTPUT } from './dto/catalog-category.output';
import { INSTRUCTIONS } from './catalog-categories.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class CatalogCategoriesTools {
  constructor(private readonly categories: CatalogCategoriesService) {}

  @McpTool({
    name: 'catalog_categories.list',
    scope: 'read:catalog_categories',
    input: ListCatalogCategoriesInput,
    output: CATALOG_CATEGORY_PAGE_OUTPUT,
    description: 'List pricebook categories, by sort_order then name. Example: {"q":"hvac"}',
  })
  list(input: ListCatalogCategoriesInput, ctx: ToolContext) {
    return this.categories.list(ctx, input);
  }

  @McpTool({
    name: 'catalog_categories.get',
    scope: 'read:catalog_categories',
    input: CatalogCategoryIdInput,
    output: CATALOG_CATEGORY_OUTPUT,
    description: 'Get one pricebook category by id. Example: {"id":"<uuid>"}',
  })
  get(input: CatalogCategoryIdInput, ctx: ToolContext) {
    return this.categories.get(ctx, input.id);
  }

  @McpTool({
    name: 'catalog_categories.create',
    scope: 'write:catalog_categories',
    input: CreateCatalogCategoryInput,
    output: CATALOG_CATEGORY_OUTPUT,
    description:
      'Create a pricebook category to group catalog items (catalog_items category_id). A name already used, in any case, is a conflict. Example: {"name":"Plumbing","sort_order":1}',
  })
  create(input: CreateCatalogCategoryInput, ctx: ToolContext) {
    return this.categories.create(ctx, input);
  }

  @McpTool({
    name: 'catalog_categories.update',
    scope: 'write:catalog_categories',
    input: UpdateCatalogCategoryInput,
    output: CATALOG_CATEGORY_OUTPUT,
    description: 'Change a pricebook category: only the fields sent change; a name already used is a conflict. Example: {"id":"<uuid>","name":"Plumbing & drains"}',
  })
  update(input: UpdateCatalogCategoryInput, ctx: ToolContext) {
    return this.categories.update(ctx, input);
  }

  @McpTool({
    name: 'catalog_categories.delete',
    scope: 'write:catalog_categories',
    input: CatalogCategoryIdInput,
    output: CATALOG_CATEGORY_DELETED_OUTPUT,
    description: 'Delete a pricebook category for good. Its catalog items are kept and become uncategorised (category_id null). Example: {"id":"<uuid>"}',
  })
  delete(input: CatalogCategoryIdInput, ctx: ToolContext) {
    return this.categories.delete(ctx, input.id);
  }
}
