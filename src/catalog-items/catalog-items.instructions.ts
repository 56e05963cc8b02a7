// catalog_items' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// catalog_items before it reads a tool — what it is, how it links, its statuses. Shown as `- catalog_items: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = 'the pricebook, grouped in catalog_categories; fill document line items by catalog_item_id.';
