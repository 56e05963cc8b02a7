import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { InvalidInput } from '../common/errors';

/**
 * The MCP revisions the endpoint speaks, on the same URL (contract §4):
 * - the legacy era (2025-11-25 and older): `initialize` negotiates a version once per connection;
 *   the v1 SDK Server answers it;
 * - the modern era (2026-07-28): no handshake; `server/discover` tells the versions and
 *   capabilities, and every request carries its version in `params._meta` (the per-request
 *   envelope); results carry `resultType` and the server's identity in `_meta`.
 * The modern era is implemented here from the 2026-07-28 schemas of the v2 SDK: its Server binds one
 * era per connection (transport), which the one long-lived Server of this stateless endpoint cannot use.
 */
export const MODERN_VERSIONS: readonly string[] = ['2026-07-28'];
export const LEGACY_VERSIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
export const ALL_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...LEGACY_VERSIONS];

export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';
export const SERVER_INFO_META_KEY = 'io.modelcontextprotocol/serverInfo';
export const SERVER_INFO = { name: 'zoop', version: '0.1.0' } as const;

export type Era = 'legacy' | 'modern';

/** Refused before dispatch: a version (header or envelope) this server does not speak. */
export class UnsupportedVersion extends Error {
  constructor(readonly requested: string) {
    super(`Unsupported MCP protocol version ${requested}; supported: ${ALL_VERSIONS.join(', ')}.`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The era of one request: modern when its `params._meta` carries the envelope's protocol version
 * (which must then be a modern one), legacy otherwise. `params` and `_meta` must be objects when
 * present: anything else is invalid_input (never handed to the SDK, which would drop it unanswered).
 */
export function eraOf(params: unknown): Era {
  if (params === undefined) return 'legacy';
  if (!isObject(params)) throw InvalidInput([{ path: 'params', message: 'params must be an object' }], 'Invalid params: params must be an object when present.');
  const meta = params._meta;
  if (meta === undefined) return 'legacy';
  if (!isObject(meta)) throw InvalidInput([{ path: '_meta', message: '_meta must be an object' }]);
  const version = meta[PROTOCOL_VERSION_META_KEY];
  if (version === undefined) return 'legacy';
  if (typeof version !== 'string' || !MODERN_VERSIONS.includes(version)) throw new UnsupportedVersion(String(version));
  return 'modern';
}

/** What a 2026-07-28 result adds to the method's own fields. */
export const modernResultFields = () => ({ resultType: 'complete', _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO } });

/**
 * 2026-07-28 Streamable HTTP (SEP-2243): a modern request's `MCP-Protocol-Version`, `Mcp-Method` and
 * (for tools/call) `Mcp-Name` headers mirror its body, so a proxy can route on them; a header that
 * disagrees with the body is refused. Why it disagrees, or null. A header left out is tolerated
 * (curl-made requests), as the body says it all.
 */
export function headerMismatch(headers: Record<string, string | string[] | undefined>, method: string, params: Record<string, unknown> | undefined): string | null {
  const mirrors: [string, unknown][] = [
    ['MCP-Protocol-Version', (params?._meta as Record<string, unknown> | undefined)?.[PROTOCOL_VERSION_META_KEY]],
    ['Mcp-Method', method],
    ...(method === 'tools/call' ? [['Mcp-Name', params?.name] as [string, unknown]] : []),
  ];
  for (const [name, expected] of mirrors) {
    const sent = headers[name.toLowerCase()];
    if (sent !== undefined && String(sent) !== String(expected)) return `The ${name} header (${String(sent)}) does not match the request body (${String(expected)}).`;
  }
  return null;
}
