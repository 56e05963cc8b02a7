// plans' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// plans before it reads a tool — what it is, how it links, its statuses. Shown as `- plans: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS =
  'a service agreement sold to a customer; a daily run bills it (one draft invoice per period, invoice.plan_id); plan.job_series_id is the series that delivers its visits. active → cancelled (one-way; ends its series).';
