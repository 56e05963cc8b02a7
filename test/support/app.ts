import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/config';
import { ScopeCatalogue } from '../../src/auth/scope-catalogue';
import { TenancyService } from '../../src/tenancy/tenancy.service';
import { DataSource } from 'typeorm';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ToolRegistry } from '../../src/mcp/tool-registry';

// Every tool result any test sees is checked against the tool's declared outputSchema with a real
// JSON Schema validator, so the schemas in tools/list cannot drift from what the tools return.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators = new Map<string, ValidateFunction>();
export function outputValidator(t: TestApp, name: string): ValidateFunction | undefined {
  if (!validators.has(name)) {
    const schema = t.app.get(ToolRegistry).get(name)?.meta.output;
    if (!schema) return undefined;
    validators.set(name, ajv.compile(schema));
  }
  return validators.get(name);
}

export const ACCEPT = 'application/json, text/event-stream';

export interface RpcResponse {
  status: number;
  headers: Headers;
  body: any;
}

export class TestApp {
  constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
  ) {}
  get tenancy() {
    return this.app.get(TenancyService);
  }
  get ds() {
    return this.app.get(DataSource);
  }
  /** Every scope this app has (derived from its tools), in the server's order. */
  get allScopes(): readonly string[] {
    return this.app.get(ScopeCatalogue).scopes;
  }
  /** The entities that have tools (the toolset names). */
  get entities(): readonly string[] {
    return this.app.get(ScopeCatalogue).entities;
  }
  get mcpUrl() {
    return `${this.baseUrl}/api/mcp`;
  }
  close() {
    return this.app.close();
  }

  /** A raw POST to /api/mcp. */
  async post(body: unknown, headers: Record<string, string> = {}): Promise<RpcResponse> {
    const res = await fetch(this.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  client(token: string) {
    return new McpTestClient(this, token);
  }
}

/** An error a tool call answered with: the JSON-RPC error object plus the HTTP status. */
export class RpcError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly data: any,
    message: string,
  ) {
    super(message);
  }
}

let seq = 0;
export class McpTestClient {
  constructor(
    private readonly t: TestApp,
    readonly token: string,
  ) {}

  rpc(method: string, params?: unknown, headers: Record<string, string> = {}) {
    return this.t.post({ jsonrpc: '2.0', id: ++seq, method, ...(params === undefined ? {} : { params }) }, { authorization: `Bearer ${this.token}`, ...headers });
  }

  /** Calls a tool; resolves to its structured result, rejects with RpcError. */
  async call<T = any>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const res = await this.rpc('tools/call', { name, arguments: args });
    if (res.body?.error) throw new RpcError(res.status, res.body.error.code, res.body.error.data, res.body.error.message);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const result = res.body.result;
    expect(JSON.parse(result.content[0].text)).toEqual(result.structuredContent);
    const validate = outputValidator(this.t, name);
    if (validate && !validate(result.structuredContent)) {
      throw new Error(`${name}: structuredContent does not match its outputSchema: ${ajv.errorsText(validate.errors)}`);
    }
    return result.structuredContent as T;
  }

  async tools(): Promise<any[]> {
    const res = await this.rpc('tools/list', {});
    return res.body.result.tools;
  }
}

/** `modules`: test-only modules this app gets on top of the real ones (e.g. test/support/gadgets.ts). */
export async function startApp(env: Record<string, string> = {}, modules: Type[] = []): Promise<TestApp> {
  const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', ...env });
  const app = await createApp(config, { url: config.databaseUrl ?? process.env.DATABASE_URL! }, { logger: ['error'], modules });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as import('node:net').AddressInfo;
  return new TestApp(app, `http://127.0.0.1:${address.port}`);
}

export interface TestTenant {
  tenantId: string;
  userId: string;
  /** a user key with the given scopes */
  client: McpTestClient;
  token: string;
}

/** Every test makes its own tenant: nothing is truncated, and each test is also an isolation check. */
export async function newTenant(t: TestApp, scopes: readonly string[] = t.allScopes): Promise<TestTenant> {
  const tenant = await t.tenancy.createTenant({ name: `t-${randomUUID()}` });
  const user = await t.tenancy.createUser(tenant.id, { email: `${randomUUID()}@test.dev`, role: 'owner' });
  const key = await t.tenancy.issueKey({ tenantId: tenant.id, userId: user.id, scopes: [...scopes] });
  return { tenantId: tenant.id, userId: user.id, token: key.token, client: t.client(key.token) };
}

export async function tenantKey(t: TestApp, tenantId: string, scopes: readonly string[] = t.allScopes) {
  const key = await t.tenancy.issueKey({ tenantId, scopes: [...scopes] });
  return t.client(key.token);
}

/** Expects a tool call to fail with the given error kind; returns the error for more checks. */
export async function expectError(p: Promise<unknown>, kind: string): Promise<RpcError> {
  const err = await p.then(
    (v) => {
      throw new Error(`expected ${kind}, got a result: ${JSON.stringify(v)}`);
    },
    (e) => e,
  );
  if (!(err instanceof RpcError)) throw err;
  expect(err.data?.kind).toBe(kind);
  return err;
}

/**
 * Rate-limit windows are fixed minutes of the clock: a test that counts hits waits out the last 15 s
 * of a minute first, so its calls cannot straddle two windows (and find a fresh budget half way).
 */
export async function awayFromWindowEdge(windowMs = 60_000) {
  const into = Date.now() % windowMs;
  if (into > windowMs - 15_000) await new Promise((r) => setTimeout(r, windowMs - into + 50));
}

/** The names of every tool the app registered (what an all-scopes key lists), in the registry's order. */
export function registeredToolNames(t: TestApp): string[] {
  return t.app
    .get(ToolRegistry)
    .all()
    .map((tool) => tool.meta.name);
}
