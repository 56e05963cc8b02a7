import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema, type JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { ToolContext } from '../common/context';
import { InvalidInput } from '../common/errors';
import { InProcessTransport } from './in-process.transport';
import { RawJson } from './raw-json';
import { RegisteredTool, ToolRegistry } from './tool-registry';
import { RpcError, toJsonRpcError, withKind } from './to-json-rpc-error';
import { parseInput } from './validate-input';
import { FULL_VIEW, outsideView, ToolView } from './toolsets';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { INSTRUCTIONS } from './instructions';

export interface CallExtra {
  principal: Principal;
  requestId: string;
  /** tools/call: resolved by the controller before dispatch (it needs it for the HTTP 403). */
  tool?: RegisteredTool;
  /** The toolsets / read-only narrowing of this connection. */
  view?: ToolView;
  /** The call's idempotency key (header or params._meta), for write tools. */
  idempotencyKey?: string;
}

export interface RpcReply {
  jsonrpc: '2.0';
  id: string | number;
  result?: unknown;
  error?: RpcError;
  /** a tools/call result that is already JSON text (see raw-json.ts); the controller serialises the reply */
  raw?: RawJson;
}

/** The MCP server: JSON-RPC framing, initialize and version negotiation come from the official SDK. */
@Injectable()
export class McpGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('McpGateway');
  private readonly server = new Server(
    { name: 'zoop', version: '0.1.0' },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  private readonly transport = new InProcessTransport();

  constructor(
    private readonly registry: ToolRegistry,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit() {
    this.server.setRequestHandler(ListToolsRequestSchema, (_req, extra) => {
      const { principal, view = FULL_VIEW } = extra.authInfo!.extra as unknown as CallExtra;
      const tools = this.registry.allowed(principal.scopes).filter((t) => !outsideView(t, view));
      return { tools: tools.map((t) => t.descriptor) } as any;
    });
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
    try {
      const result = await this.callTool(call, args);
      // raw JSON text from PostgreSQL travels as it is (the controller writes it into the reply)
      if (result instanceof RawJson) return { jsonrpc: '2.0', id: message.id, raw: result };
      return { jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result } };
    } catch (err) {
      return { jsonrpc: '2.0', id: message.id, error: toJsonRpcError(err, this.log, call.requestId) };
    }
  }

  private async callTool(call: CallExtra, args: unknown) {
    const tool = call.tool!;
    const { principal } = call;
    const outside = outsideView(tool, call.view ?? FULL_VIEW);
    if (outside) throw InvalidInput([{ path: 'name', message: outside }], outside);
    if (tool.meta.userActor && principal.actor.kind !== 'user') {
      throw InvalidInput(
        [{ path: '', message: 'this tool needs a user actor' }],
        `${tool.meta.name} needs a user actor: use a user key (zoop_uk_) or an OAuth token, not a tenant key (zoop_tk_).`,
      );
    }
    const input = await parseInput(tool.meta.input, args);
    const base = { tenantId: principal.tenantId, actor: principal.actor, scopes: principal.scopes, requestId: call.requestId };
    if (tool.annotations.readOnlyHint) return tool.call(input, { ...base, em: this.ds.manager });
    if (tool.meta.oneStatement && !call.idempotencyKey) {
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
    // (name, arguments, _meta); the SDK Server answers the protocol itself: initialize and version
    // negotiation, ping, tools/list.
    if (message.method === 'tools/call') return this.callToolReply(message, extra);
    const reply = await this.transport.request(message, {
      authInfo: { token: '', clientId: extra.principal.tenantId, scopes: [...extra.principal.scopes], extra: extra as any },
    });
    return reply.error ? { ...reply, error: withKind(reply.error) } : (reply as RpcReply);
  }

  notify(message: any, extra: CallExtra) {
    this.transport.notify(message, { authInfo: { token: '', clientId: extra.principal.tenantId, scopes: [], extra: extra as any } });
  }
}
