// job_series' line in the server instructions (src/mcp/instructions.ts): what a model needs to know about
// job_series before it reads a tool — what it is, how it links, its statuses. Shown as `- job_series: <this>`;
// at most 600 characters, one line. On the tool provider with @McpInstructions(INSTRUCTIONS).
export const INSTRUCTIONS =
  'a recurring job (rrule) that creates job instances ahead of time (job.series_id); its dates and times are local to its IANA timezone. job_series.end is one-way (ends_on today, future pending instances cancelled); update regenerates future pending instances.';
