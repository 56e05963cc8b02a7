// invoices' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// invoices before it reads a tool — what it is, how it links, its statuses. Shown as `- invoices: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS =
  'invoices.create {job_id} bills a job. draft → sent (issued_on today, due_on +30 days) → paid (amount_paid reaches total). Lines change only in draft. void is final; a paid invoice cannot be voided. amount_paid is the total paid so far; balance_due = total − amount_paid.';
