import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import type { Principal } from '../auth/principal';
import type { ToolRegistry } from '../mcp/tool-registry';
import { isMcpUrl } from '../mcp/http-replies';
import type { MetricsService } from './metrics/metrics.service';

const OUTCOME = Symbol('zoop:outcome');
const STARTED = Symbol('zoop:started');
const VALID_ID = /^[\w.-]{1,100}$/;
const METHODS = new Set(['initialize', 'server/discover', 'ping', 'tools/list', 'tools/call', 'notifications/initialized']);

/** The endpoint records how a call ended (an error's data.kind, or 'ok'); the observer reads it. */
export function markOutcome(req: object, kind: string) {
  (req as any)[OUTCOME] = kind;
}

/**
 * One place that sees every MCP request end, whatever ended it (a guard's 401/429, the controller,
 * the gateway): it counts the request and its latency per tool and outcome, and writes one log line
 * with the request id, tenant, actor kind, tool, outcome and duration. Never the token or the arguments.
 */
export function observeCalls(fastify: FastifyInstance, deps: { metrics: MetricsService; registry: ToolRegistry; log: Pino }) {
  // callback hooks, not async ones: an async hook costs every request a promise and a microtask turn
  fastify.addHook('onRequest', (req, _reply, done) => {
    if (isMcpUrl(req.url)) {
      (req as any)[STARTED] = process.hrtime.bigint();
      const id = req.headers['x-request-id'];
      if (typeof id !== 'string' || !VALID_ID.test(id)) req.headers['x-request-id'] = randomUUID();
    }
    done();
  });

  fastify.addHook('onResponse', (req, reply, done) => {
    const started: bigint | undefined = (req as any)[STARTED];
    if (started !== undefined) record(req, reply.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    done();
  });

  function record(req: FastifyRequest, status: number, seconds: number) {
    const kind: string | undefined = (req as any)[OUTCOME];
    const outcome = status === 401 || status === 403 || status === 429 ? String(status) : (kind ?? (status < 300 ? 'ok' : String(status)));
    const tool = toolLabel(req.body, deps.registry);
    deps.metrics.request(tool, outcome, seconds);
    const principal = (req as any).user as Principal | undefined;
    deps.log.info(
      {
        request_id: req.headers['x-request-id'],
        tenant_id: principal?.tenantId,
        actor_kind: principal?.actor.kind,
        tool,
        outcome,
        status,
        duration_ms: Math.round(seconds * 1e5) / 100,
      },
      'mcp call',
    );
  }
}

// Labels come from a closed set (the registered tools and the MCP methods), never from raw input.
function toolLabel(body: any, registry: ToolRegistry): string {
  const method = body && typeof body === 'object' ? body.method : undefined;
  if (method === 'tools/call') {
    const name = body.params?.name;
    return (typeof name === 'string' && registry.get(name)?.meta.name) || 'tools/call';
  }
  return typeof method === 'string' && METHODS.has(method) ? method : 'other';
}
