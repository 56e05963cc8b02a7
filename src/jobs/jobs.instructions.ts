// jobs' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// jobs before it reads a tool — what it is, how it links, its statuses. Shown as `- jobs: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS =
  'a visit for a customer, at one of its locations; jobs.create {quote_id} turns an approved quote into a job. unscheduled → scheduled (setting scheduled_start does it) → done; cancelled from any; update can reopen.';
