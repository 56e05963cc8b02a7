/** Whether a request's URL (path and query) is the MCP endpoint's: /api/mcp, with or without a query string, whatever the method. */
export const isMcpUrl = (url: string): boolean => url === '/api/mcp' || url.startsWith('/api/mcp?');

export function rpcErrorBody(id: string | number | null, code: number, message: string, data: Record<string, unknown>) {
  return { jsonrpc: '2.0' as const, id, error: { code, message, data } };
}

/**
 * The WWW-Authenticate value of a 401/403 (RFC 6750 §3): no error code when no token was sent,
 * `invalid_token` for a bad one, `insufficient_scope` with the scope that was needed. Every
 * challenge names the protected-resource metadata (RFC 9728 §5.1) so a client can (re-)authorize
 * from it, also to step up its scopes after a 403 (MCP 2025-11-25, "Scope challenge handling").
 */
export function bearerChallenge(opts: { error?: 'invalid_token' | 'insufficient_scope'; scope?: string; resourceMetadata?: string }): string {
  const parts: string[] = [];
  if (opts.error === 'insufficient_scope') {
    // error and scope first, exactly as the contract shows it
    parts.push(`error="${opts.error}"`, `scope="${opts.scope}"`);
    if (opts.resourceMetadata) parts.push(`resource_metadata="${opts.resourceMetadata}"`);
    return `Bearer ${parts.join(', ')}`;
  }
  parts.push('realm="zoop"');
  if (opts.resourceMetadata) parts.push(`resource_metadata="${opts.resourceMetadata}"`);
  if (opts.error) parts.push(`error="${opts.error}"`);
  if (opts.scope) parts.push(`scope="${opts.scope}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** Where a client finds the protected resource's metadata (RFC 9728 §3.1, the endpoint's own path). */
export const resourceMetadataUrl = (config: { publicUrl: string }) => `${config.publicUrl}/.well-known/oauth-protected-resource/api/mcp`;
