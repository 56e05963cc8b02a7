// The one error type services throw. The MCP gateway maps it to JSON-RPC in one place
// (mcp/to-json-rpc-error.ts); nothing else in the code knows error codes.
export type ErrorKind = 'invalid_input' | 'not_found' | 'conflict' | 'insufficient_scope';

export interface Issue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly issues?: Issue[],
    /** insufficient_scope: the scope the call needs and the key lacks */
    readonly requiredScope?: string,
  ) {
    super(message);
  }
}

export const NotFound = (what: string, id: string) => new DomainError('not_found', `No ${what} with id ${id} in this tenant.`);

export const Conflict = (message: string) => new DomainError('conflict', message);

export function InvalidInput(issues: Issue[] | string, message?: string): DomainError {
  const list = typeof issues === 'string' ? [] : issues;
  const text = message ?? (typeof issues === 'string' ? issues : `Invalid input: ${list.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  return new DomainError('invalid_input', text, list);
}

/** An invalid_input naming one field. */
export const InvalidField = (path: string, message: string) => InvalidInput([{ path, message }]);

/**
 * The key lacks a scope the call needs (HTTP 403, as for the tool's own scope): thrown by
 * requireScope (src/auth/scope-policy.ts) when a call reads or changes another entity than its tool's.
 */
export const InsufficientScope = (scope: string, why: string) => new DomainError('insufficient_scope', `Insufficient scope: ${why} needs the ${scope} scope.`, undefined, scope);
