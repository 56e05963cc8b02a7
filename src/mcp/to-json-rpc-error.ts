import { ForbiddenException, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors';

export interface RpcError {
  code: number;
  message: string;
  data: { kind: string; [k: string]: unknown };
}

// Our codes (contract §3); -32602 and -32603 are JSON-RPC's own.
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unauthorized: -32001,
  insufficientScope: -32003,
  notFound: -32004,
  conflict: -32009,
  notAcceptable: -32000,
  unsupportedMediaType: -32002,
  forbidden: -32005,
  // the MCP specification's own code (2026-07-28), with data {supported, requested}
  unsupportedProtocolVersion: -32022,
  // the MCP specification's own code (2026-07-28): a standard header disagrees with the body
  headerMismatch: -32020,
  rateLimited: -32013,
} as const;

function assertNever(x: never): never {
  throw new Error(`unmapped error kind ${String(x)}`);
}

const isUniqueViolation = (err: any) => err?.code === '23505' || err?.driverError?.code === '23505';
const isForeignKeyViolation = (err: any) => err?.code === '23503' || err?.driverError?.code === '23503';

// Network errors, PostgreSQL's connection-exception class (08…), shutdown/crash/starting-up
// (57P01–57P03), too many connections (53300), and what pg and pg-pool say when a connection drops
// or no pooled connection frees up in time.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const DROPPED = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i;

/** The database could not be reached, or dropped the connection mid-call: worth a retry, never the caller's fault. */
export function isDatabaseUnavailable(err: any): boolean {
  for (const e of [err, err?.driverError, ...(Array.isArray(err?.errors) ? err.errors : [])]) {
    if (!e) continue;
    if (typeof e.code === 'string' && (UNREACHABLE.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
    if (DROPPED.test(String(e.message ?? ''))) return true;
  }
  return false;
}

// serialization failure, deadlock, lock not available, statement/lock timeout (query_canceled)
const RETRYABLE = new Set(['40001', '40P01', '55P03', '57014']);

/** A failure that a later retry may not meet: the database unreachable, or a lock or serialization conflict. */
export function isTransient(err: any): boolean {
  return isDatabaseUnavailable(err) || RETRYABLE.has(err?.code) || RETRYABLE.has(err?.driverError?.code);
}

/** The one place that turns anything thrown while serving a call into the contract's JSON-RPC error. */
export function toJsonRpcError(err: unknown, log: Logger, requestId: string): RpcError {
  if (err instanceof DomainError) {
    switch (err.kind) {
      case 'invalid_input':
        return { code: RPC.invalidParams, message: err.message, data: { kind: err.kind, issues: err.issues ?? [] } };
      case 'not_found':
        return { code: RPC.notFound, message: err.message, data: { kind: err.kind } };
      case 'conflict':
        return { code: RPC.conflict, message: err.message, data: { kind: err.kind } };
      case 'insufficient_scope':
        // the controller answers it with HTTP 403 and WWW-Authenticate (httpStatusOf)
        return { code: RPC.insufficientScope, message: err.message, data: { kind: err.kind, required_scope: err.requiredScope } };
      default:
        return assertNever(err.kind);
    }
  }
  if (err instanceof ForbiddenException) {
    // a guard a team put on a tool (@UseGuards) returned false: Nest's pipeline throws this
    return { code: RPC.forbidden, message: 'Forbidden: a guard of this tool refused the call.', data: { kind: 'forbidden' } };
  }
  if (isUniqueViolation(err)) {
    return { code: RPC.conflict, message: 'A record with these values already exists.', data: { kind: 'conflict' } };
  }
  if (isForeignKeyViolation(err)) {
    // a reference vanished between our check and the write (a concurrent delete)
    return { code: RPC.conflict, message: 'A referenced record was changed at the same time; retry.', data: { kind: 'conflict' } };
  }
  if (isDatabaseUnavailable(err)) {
    // an outage makes every call fail: one line each, no stack
    log.warn(`database unavailable (request ${requestId}): ${(err as any)?.code ?? ''} ${(err as any)?.message ?? String(err)}`.trim());
    return {
      code: RPC.internal,
      message: `Zoop cannot reach its database right now; retry in a few seconds (request ${requestId}).`,
      data: { kind: 'internal', request_id: requestId },
    };
  }
  log.error({ requestId, err: err instanceof Error ? { message: err.message, stack: err.stack } : err }, 'unexpected error in tool call');
  return { code: RPC.internal, message: `Internal error (request ${requestId}).`, data: { kind: 'internal', request_id: requestId } };
}

/** Gives every error response a `data.kind`, including the protocol's own (method not found, …). */
export function withKind(error: { code: number; message: string; data?: any }): RpcError {
  if (error.data && typeof error.data.kind === 'string') return error as RpcError;
  switch (error.code) {
    case RPC.methodNotFound:
      return { code: error.code, message: error.message || 'Method not found', data: { kind: 'method_not_found' } };
    case RPC.invalidRequest:
      return { code: error.code, message: error.message, data: { kind: 'invalid_request' } };
    case RPC.parseError:
      return { code: error.code, message: error.message, data: { kind: 'parse_error' } };
    case RPC.invalidParams:
      return { code: error.code, message: error.message, data: { kind: 'invalid_input', issues: [] } };
    default:
      return { code: RPC.internal, message: 'Internal error.', data: { kind: 'internal' } };
  }
}

/** What a model can do about each kind of failure, said once in the text of an isError result. */
const NEXT_STEP: Record<string, string> = {
  invalid_input: 'Correct the arguments named above and call the tool again; the other arguments were fine.',
  not_found: 'No such record in this account: find the right id with a list or search tool, then call the tool again.',
  conflict: 'The record is not in a state that allows this: get the record, check its status, and change the request rather than repeating it.',
  internal: 'The server failed, not the arguments: retrying later may work; quote the request_id if it keeps failing.',
};

/** The `structuredContent` of an isError result (tool_errors=result), as tools/list publishes it. */
export const TOOL_ERROR_SCHEMA = {
  type: 'object',
  description: 'a failed call (isError: true)',
  properties: {
    kind: { type: 'string', enum: Object.keys(NEXT_STEP) },
    message: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    tool: { type: 'string' },
    request_id: { type: 'string' },
  },
  required: ['kind', 'message', 'request_id'],
  additionalProperties: false,
} as const;

/**
 * A failed tools/call as a result a model reads and acts on (tool_errors=result, contract §4): one
 * paragraph of text, and `structuredContent` with the same kind, issues and ids as the JSON-RPC error.
 */
export function toolErrorResult(error: RpcError, tool: string | undefined, requestId: string) {
  const { kind, issues, request_id } = error.data as { kind: string; issues?: unknown; request_id?: string };
  const text = `${tool ? `${tool} failed (${kind})` : `The call failed (${kind})`}: ${error.message.replace(/\.?$/, '.')} ${NEXT_STEP[kind] ?? ''}`.trim();
  return {
    content: [{ type: 'text', text }],
    structuredContent: { kind, message: error.message, ...(Array.isArray(issues) ? { issues } : {}), ...(tool ? { tool } : {}), request_id: request_id ?? requestId },
    isError: true,
  };
}
