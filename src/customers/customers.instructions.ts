// customers' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// customers before it reads a tool — what it is, how it links, its statuses. Shown as `- customers: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = 'the hub that contacts, locations, notes and tags (tag_ids) hang off; its list tool is customers.search.';
