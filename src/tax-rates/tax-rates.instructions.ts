// tax_rates' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// tax_rates before it reads a tool — what it is, how it links, its statuses. Shown as `- tax_rates: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS = 'set the tax of quotes and invoices (tax_rate_id).';
