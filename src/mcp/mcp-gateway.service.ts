import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { ToolContext } from '../common/context';
import { InvalidInput } from '../common/errors';
import { InProcessTransport } from './in-process.transport';
import { RawJson } from './raw-json';
import { describe, nameFor, RegisteredTool, ToolRegistry } from './tool-registry';
import { RPC, RpcError, toJsonRpcError, toolErrorResult, withKind } from './to-json-rpc-error';
import { parseInput } from './validate-input';
import { FULL_VIEW, outsideView, ToolView } from './toolsets';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ServerInstructions } from './mcp-instructions';
import { Era, MODERN_VERSIONS, modernResultFields, SERVER_INFO } from './protocol';
import { routedWrites } from '../database/write-mode';

export interface CallExtra {
  principal: Principal;
  requestId: string;
  /** tools/call: resolved by the controller before dispatch (it needs it for the HTTP 403). */
  tool?: RegisteredTool;
  /** The toolsets / read-only narrowing of this connection. */
  view?: ToolView;
  /** The call's idempotency key (header or params._meta), for write tools. */
  idempotencyKey?: string;
  /** The protocol era of this request (protocol.ts); legacy when absent. */
  era?: Era;
}

/** The error kind of a reply (an error, or an isError result under tool_errors=result), or 'ok'. */
export function outcomeOf(reply: RpcReply): string {
  if (reply.error) return reply.error.data.kind;
  const result = reply.result as { isError?: boolean; structuredContent?: { kind?: string } } | undefined;
  return (result?.isError && result.structuredContent?.kind) || 'ok';
}

const CAPABILITIES = { tools: { listChanged: false } };

export interface RpcReply {
  jsonrpc: '2.0';
  id: string | number;
  result?: unknown;
  error?: RpcError;
  /** a tools/call result that is already JSON text (see raw-json.ts); the controller serialises the reply */
  raw?: RawJson;
  /** fields the result carries beside the raw tool result (the 2026-07-28 resultType and _meta) */
  rawExtra?: Record<string, unknown>;
}

/** The MCP server: JSON-RPC framing, initialize and version negotiation come from the official SDK. */
@Injectable()
export class McpGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('McpGateway');
  private readonly server: Server;
  private readonly transport = new InProcessTransport();

  constructor(
    private readonly registry: ToolRegistry,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly instructions: ServerInstructions,
  ) {
    this.server = new Server({ ...SERVER_INFO }, { capabilities: CAPABILITIES, instructions: instructions.text });
  }

  async onModuleInit() {
    await this.server.connect(this.transport);
  }

  // After the HTTP server has drained (Nest runs onModuleDestroy before it stops listening):
  // closing earlier would fail the calls still in flight during a graceful shutdown.
  async onApplicationShutdown() {
    await this.server.close();
  }

  /** The tool named in a tools/call, or invalid_input if there is none. */
  find(name: string): RegisteredTool {
    const tool = this.registry.get(name);
    if (!tool) throw InvalidInput([{ path: 'name', message: `unknown tool ${name}` }], `Unknown tool ${name}. Call tools/list for the tools this token may use.`);
    return tool;
  }

  /** A tools/call answered: the tool's result as text and structuredContent, or its error mapped once. */
  private async callToolReply(message: JSONRPCRequest, call: CallExtra): Promise<RpcReply> {
    const args = (message.params as { arguments?: unknown } | undefined)?.arguments;
    let result;
    try {
      result = await this.callTool(call, args);
    } catch (err) {
      return this.toolFailure(message.id, err, call);
    }
    // raw JSON text from PostgreSQL travels as it is (the controller writes it into the reply); any
    // other result is serialised once here, for the text content and structuredContent alike
    if (result instanceof RawJson) return this.rawAnswer(message.id, result, call);
    if (result !== null && typeof result === 'object') return this.rawAnswer(message.id, new RawJson(JSON.stringify(result)), call);
    return this.answer(message.id, { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result }, call);
  }

  private rawAnswer(id: string | number, raw: RawJson, call: CallExtra): RpcReply {
    return { jsonrpc: '2.0', id, raw, ...(call.era === 'modern' ? { rawExtra: modernResultFields() } : {}) };
  }

  /**
   * A failed tools/call: a JSON-RPC error by default, or under `tool_errors=result` a result with
   * `isError: true` that a host hands back to its model (the HTTP refusals, 401/403/429, stay HTTP).
   */
  toolFailure(id: string | number, err: unknown, call: CallExtra): RpcReply {
    const error = toJsonRpcError(err, this.log, call.requestId);
    // a missing scope stays an HTTP 403 with its challenge, whatever the option (contract §4), and so does a tool guard's refusal
    if (call.view?.toolErrors !== 'result' || error.data.kind === 'insufficient_scope' || error.data.kind === 'forbidden') return { jsonrpc: '2.0', id, error };
    return this.answer(id, toolErrorResult(error, call.tool && nameFor(call.tool, call.view), call.requestId), call);
  }

  /** A result, with what the request's protocol era adds to every result. */
  private answer(id: string | number, result: Record<string, unknown>, call: CallExtra): RpcReply {
    return { jsonrpc: '2.0', id, result: call.era === 'modern' ? { ...result, ...modernResultFields() } : result };
  }

  /** tools/list: the tools the token's scopes and the connection's view allow, named as the connection asked. */
  private listTools(message: JSONRPCRequest, call: CallExtra): RpcReply {
    const view = call.view ?? FULL_VIEW;
    // the whole list fits one page: no cursor is ever issued, so any cursor sent is not one of ours
    if ((message.params as { cursor?: unknown } | undefined)?.cursor !== undefined) {
      throw InvalidInput(
        [{ path: 'cursor', message: 'cursor is not a cursor this server issued (tools/list has one page)' }],
        'Invalid cursor: tools/list has one page; call it without a cursor.',
      );
    }
    const tools = this.registry.allowed(call.principal.scopes).filter((t) => !outsideView(t, view));
    const listed = tools.map((t) => describe(t, view));
    // 2026-07-28 list results say how long a client may cache them: the list depends on the token, so privately and not at all
    return this.answer(message.id, call.era === 'modern' ? { tools: listed, ttlMs: 0, cacheScope: 'private' } : { tools: listed }, call);
  }

  /** server/discover (2026-07-28): the versions, capabilities and instructions a client needs before its first call. */
  private discover(message: JSONRPCRequest, call: CallExtra): RpcReply {
    return this.answer(
      message.id,
      { supportedVersions: [...MODERN_VERSIONS], capabilities: CAPABILITIES, instructions: this.instructions.text, ttlMs: 0, cacheScope: 'private' },
      { ...call, era: 'modern' },
    );
  }

  /**
   * tools/call: the tool method's pipeline (ScopesGuard, UserActorGuard, the method's own guards and
   * interceptors; src/mcp/tool-registry.ts), then `proceed`: validate the arguments, run the tool
   * (a write in one transaction with its audit row and idempotency record).
   */
  private callTool(call: CallExtra, args: unknown) {
    const tool = call.tool!;
    return tool.run(args, { principal: call.principal, requestId: call.requestId, tool, view: call.view ?? FULL_VIEW }, (validated) => this.proceed(call, validated));
  }

  private async proceed(call: CallExtra, args: unknown) {
    const tool = call.tool!;
    const { principal } = call;
    const input = await parseInput(tool.meta.input, args);
    const base = { tenantId: principal.tenantId, actor: principal.actor, scopes: principal.scopes, requestId: call.requestId };
    if (tool.annotations.readOnlyHint) return tool.call(input, { ...base, em: this.ds.manager });
    // (on Citus a tool's tables are written by separate routed statements: they need the transaction below)
    if (tool.meta.oneStatement && !call.idempotencyKey && !routedWrites(this.ds.manager)) {
      const ctx: ToolContext = { ...base, em: this.ds.manager, audit: { tool: tool.meta.name, input, written: false } };
      const result = await tool.call(input, ctx);
      // a tool that promised one statement but did not write its audit row in it is a bug, not a quiet gap
      if (!ctx.audit!.written) throw new Error(`${tool.meta.name} is marked oneStatement but wrote no audit row`);
      return result;
    }
    // a write tool runs in one transaction: all of it lands, with its audit row and idempotency record, or none of it
    return this.ds.transaction(async (em) => {
      const key = call.idempotencyKey;
      const idem = key && { tenantId: principal.tenantId, credentialId: principal.credentialId, key, tool: tool.meta.name, args: args ?? {} };
      if (idem) {
        const prior = await this.idempotency.claim(em, idem);
        if (prior) return prior.replay;
      }
      const ctx: ToolContext = { ...base, em, audit: { tool: tool.meta.name, input, written: false } };
      const result = await tool.call(input, ctx);
      await this.audit.record(ctx, tool.meta.name, input, result);
      if (idem) await this.idempotency.store(em, idem, result);
      return result;
    });
  }

  async request(message: JSONRPCRequest, extra: CallExtra): Promise<RpcReply> {
    // tools/call is answered here, from the tool the controller resolved after checking the params
    // (name, arguments, _meta); tools/list and server/discover too, in both eras. The SDK Server
    // answers the legacy era's own protocol: initialize and version negotiation, ping.
    try {
      switch (message.method) {
        case 'tools/call':
          return await this.callToolReply(message, extra);
        case 'tools/list':
          return this.listTools(message, extra);
        case 'server/discover':
          return this.discover(message, extra);
      }
    } catch (err) {
      return { jsonrpc: '2.0', id: message.id, error: toJsonRpcError(err, this.log, extra.requestId) };
    }
    if (extra.era === 'modern') {
      // 2026-07-28 has no initialize; ping is the only other method a tools-only server answers
      if (message.method === 'ping') return this.answer(message.id, {}, extra);
      return { jsonrpc: '2.0', id: message.id, error: withKind({ code: RPC.methodNotFound, message: `Method not found: ${message.method}` }) };
    }
    const reply = await this.transport.request(message, {
      authInfo: { token: '', clientId: extra.principal.tenantId, scopes: [...extra.principal.scopes], extra: extra as any },
    });
    return reply.error ? { ...reply, error: withKind(reply.error) } : (reply as RpcReply);
  }

  notify(message: any, extra: CallExtra) {
    this.transport.notify(message, { authInfo: { token: '', clientId: extra.principal.tenantId, scopes: [], extra: extra as any } });
  }
}
