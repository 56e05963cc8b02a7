// quotes' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// quotes before it reads a tool — what it is, how it links, its statuses. Shown as `- quotes: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = "draft → sent → approved | declined; sent → draft. An approved quote's lines are frozen.";
