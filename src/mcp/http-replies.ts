export function rpcErrorBody(id: string | number | null, code: number, message: string, data: Record<string, unknown>) {
  return { jsonrpc: '2.0' as const, id, error: { code, message, data } };
}

/**
 * The WWW-Authenticate value of a 401/403 (RFC 6750 §3): no error code when no token was sent,
 * `invalid_token` for a bad one, `insufficient_scope` with the scope that was needed.
 */
export function bearerChallenge(opts: { error?: 'invalid_token' | 'insufficient_scope'; scope?: string; resourceMetadata?: string }): string {
  const parts: string[] = ['realm="zoop"'];
  // RFC 9728 §5.1: where an MCP client discovers how to get a token
  if (opts.resourceMetadata) parts.push(`resource_metadata="${opts.resourceMetadata}"`);
  if (opts.error) parts.push(`error="${opts.error}"`);
  if (opts.scope) parts.push(`scope="${opts.scope}"`);
  if (opts.error === 'insufficient_scope') parts.shift(); // exactly as the contract shows it
  return `Bearer ${parts.join(', ')}`;
}
