// locations' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// locations before it reads a tool — what it is, how it links, its statuses. Shown as `- locations: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = "a customer's service addresses.";
