// catalog_categories' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// catalog_categories before it reads a tool — what it is, how it links, its statuses. Shown as `- catalog_categories: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = 'groups of catalog_items.';
