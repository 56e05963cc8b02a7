import { deleteEachTenant } from '../database/write-mode';
import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Conflict, InvalidInput } from '../common/errors';

export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_META_KEY = 'zoop/idempotency_key';
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentCall {
  tenantId: string;
  credentialId: string;
  key: string;
  tool: string;
  args: unknown;
}

/** JSON with object keys sorted, so {a,b} and {b,a} are the same arguments. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The key a call carries: the Idempotency-Key header or params._meta["zoop/idempotency_key"]; both must agree. */
export function idempotencyKeyOf(header: unknown, meta: unknown): string | undefined {
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromMeta = meta && typeof meta === 'object' ? (meta as Record<string, unknown>)[IDEMPOTENCY_META_KEY] : undefined;
  for (const [where, v] of [
    ['Idempotency-Key', fromHeader],
    [`_meta.${IDEMPOTENCY_META_KEY}`, fromMeta],
  ] as const) {
    if (v !== undefined && (typeof v !== 'string' || !KEY_SHAPE.test(v))) {
      throw InvalidInput([{ path: where, message: 'must be 1–255 printable ASCII characters without spaces' }]);
    }
  }
  if (fromHeader !== undefined && fromMeta !== undefined && fromHeader !== fromMeta) {
    throw InvalidInput([{ path: 'Idempotency-Key', message: `differs from _meta.${IDEMPOTENCY_META_KEY}` }]);
  }
  return (fromHeader ?? fromMeta) as string | undefined;
}

/**
 * Idempotent writes. Runs inside the write tool's own transaction: the key row is claimed first
 * (a concurrent call with the same key blocks on it until this transaction ends), the result is
 * stored before commit, and a failed call rolls the claim back with everything else.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Expired keys are harmless (a new call takes the row over) but are dropped hourly to keep the table small.
  onModuleInit() {
    this.timer = setInterval(() => {
      this.purgeExpired(this.ds.manager).catch((err) => this.log.warn(`purge failed: ${err instanceof Error ? err.message : err}`));
    }, 3_600_000).unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** The stored result of an earlier identical call, or null when this call claimed the key and must run. */
  async claim(em: EntityManager, call: IdempotentCall): Promise<{ replay: unknown } | null> {
    const hash = createHash('sha256').update(call.tool).update('\0').update(canonical(call.args)).digest('hex');
    // Claims a new key, or takes over one that has expired; otherwise returns no row.
    const claimed: unknown[] = await em.query(
      `INSERT INTO idempotency_keys (tenant_id, credential_id, key, tool, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tenant_id, credential_id, key) DO UPDATE
         SET tool = EXCLUDED.tool, request_hash = EXCLUDED.request_hash, result = NULL, created_at = EXCLUDED.created_at
         WHERE idempotency_keys.created_at < $6
       RETURNING 1`,
      // the expiry as a value: Citus wants IMMUTABLE functions in ON CONFLICT, and timestamptz - interval is not
      [call.tenantId, call.credentialId, call.key, call.tool, hash, new Date(Date.now() - IDEMPOTENCY_TTL_HOURS * 3_600_000)],
    );
    if (claimed.length) return null;
    const [prior] = await em.query(`SELECT tool, request_hash, result FROM idempotency_keys WHERE tenant_id = $1 AND credential_id = $2 AND key = $3`, [
      call.tenantId,
      call.credentialId,
      call.key,
    ]);
    if (!prior || prior.request_hash !== hash) {
      throw Conflict(
        `Idempotency key ${call.key} was already used with ${prior?.tool === call.tool ? 'different arguments' : `another tool (${prior?.tool})`} in the last ${IDEMPOTENCY_TTL_HOURS} hours; use a new key for a new request.`,
      );
    }
    return { replay: prior.result };
  }

  async store(em: EntityManager, call: IdempotentCall, result: unknown) {
    await em.query(`UPDATE idempotency_keys SET result = $4 WHERE tenant_id = $1 AND credential_id = $2 AND key = $3`, [
      call.tenantId,
      call.credentialId,
      call.key,
      JSON.stringify(result ?? null),
    ]);
  }

  /** Drops keys past their 24 hours. */
  async purgeExpired(em: EntityManager): Promise<number> {
    // per tenant on Citus, so the purge is no transaction across shards (deleteEachTenant)
    return deleteEachTenant(em, 'idempotency_keys', 'k', `k.created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`);
  }
}
