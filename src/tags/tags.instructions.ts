// tags' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// tags before it reads a tool — what it is, how it links, its statuses. Shown as `- tags: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = 'labels on customers (customers.tag_ids).';
