import { createHash, randomBytes } from 'node:crypto';
import { preparedQuery } from '../database/prepared';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, InvalidField, NotFound } from '../common/errors';
import { AdminActor, AuditService } from '../audit/audit.service';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { ALL } from '../auth/scope-policy';
import { ApiKey } from './api-key.entity';
import { Tenant } from './tenant.entity';
import { Role, ROLES, User } from './user.entity';
import { ToolContext } from '../common/context';
import { ensureAllOwned } from '../common/references';

export const USER_KEY_PREFIX = 'zoop_uk_';
export const TENANT_KEY_PREFIX = 'zoop_tk_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface IssuedKey {
  id: string;
  token: string;
  prefix: string;
  scopes: string[];
  user_id: string | null;
  expires_at: string | null;
}

export interface KeyPrincipal {
  keyId: string;
  tenantId: string;
  userId: string | null;
  scopes: string[];
}

/** Tenants, their users and their API keys: the admin side of Zoop (used by the CLI and tests). */
@Injectable()
export class TenancyService {
  private readonly lastTouched = new Map<string, number>();
  /** told the id of every key this process revokes (the token verifier forgets it at once; other processes within its cache time) */
  readonly keyRevoked = new Set<(keyId: string) => void>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly scopeCatalogue: ScopeCatalogue,
  ) {}

  async createTenant(input: { name: string }): Promise<Tenant> {
    const name = input.name?.trim();
    if (!name || name.length > 200) throw InvalidField('name', 'must be 1–200 characters');
    return this.ds.getRepository(Tenant).save({ name });
  }

  async getTenant(id: string): Promise<Tenant> {
    const t = UUID.test(id) ? await this.ds.getRepository(Tenant).findOneBy({ id }) : null;
    if (!t) throw NotFound('tenant', id);
    return t;
  }

  async createUser(tenantId: string, input: { email: string; name?: string | null; role?: string }): Promise<User> {
    await this.getTenant(tenantId);
    const email = input.email?.trim().toLowerCase();
    if (!email || !EMAIL.test(email) || email.length > 320) throw InvalidField('email', 'must be a valid email address');
    const role = (input.role ?? 'member') as Role;
    if (!ROLES.includes(role)) throw InvalidField('role', `must be one of ${ROLES.join(', ')}`);
    try {
      return await this.ds.getRepository(User).save({ tenantId, email, name: input.name?.trim() || null, role });
    } catch (err: any) {
      if (err?.driverError?.code === '23505') throw Conflict(`a user with email ${email} already exists in this tenant`);
      throw err;
    }
  }

  async issueKey(input: {
    tenantId: string;
    userId?: string | null;
    scopes: string[];
    name?: string | null;
    expiresInDays?: number | null;
    /** who issues it (settings page or admin CLI): writes an `api_keys.issue` audit row with the key */
    auditAs?: AdminActor;
    requestId?: string;
  }): Promise<IssuedKey> {
    await this.getTenant(input.tenantId);
    if (input.userId) {
      const user = UUID.test(input.userId) ? await this.ds.getRepository(User).findOneBy({ tenantId: input.tenantId, id: input.userId }) : null;
      if (!user) throw InvalidField('user', `no user with id ${input.userId} in tenant ${input.tenantId}`);
    }
    // `all` is stored as it is: the key keeps meaning every scope, those of entities added later too
    const all = input.scopes.includes(ALL);
    const unknown = input.scopes.filter((s) => s !== ALL && !this.scopeCatalogue.isScope(s));
    if (unknown.length) throw InvalidField('scopes', `unknown scope ${unknown.join(', ')}`);
    if (!input.scopes.length) throw InvalidField('scopes', 'at least one scope is required');
    const name = input.name?.trim() || null;
    if (name && name.length > 200) throw InvalidField('name', 'must be at most 200 characters');
    const days = input.expiresInDays;
    if (days != null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      throw InvalidField('expires-in-days', 'must be a whole number of days from 1 to 3650');
    }
    const prefix = input.userId ? USER_KEY_PREFIX : TENANT_KEY_PREFIX;
    const token = prefix + randomBytes(32).toString('base64url');
    const key = await this.ds.transaction(async (em) => {
      const row = await em.getRepository(ApiKey).save({
        tenantId: input.tenantId,
        userId: input.userId ?? null,
        name,
        prefix,
        last4: token.slice(-4),
        tokenHash: hashToken(token),
        scopes: all ? [ALL] : [...new Set(input.scopes)],
        expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
      });
      if (input.auditAs) {
        const changes = { name: row.name, user_id: row.userId, scopes: row.scopes, expires_at: row.expiresAt?.toISOString() ?? null };
        await this.audit.recordAdmin(em, {
          tenantId: row.tenantId,
          actor: input.auditAs,
          tool: 'api_keys.issue',
          targetId: row.id,
          changes,
          requestId: input.requestId ?? 'admin',
        });
      }
      return row;
    });
    return {
      id: key.id,
      token,
      prefix,
      // what the key grants now (key:list shows an `all` key as `all`)
      scopes: all ? [...this.scopeCatalogue.scopes] : key.scopes,
      user_id: key.userId,
      expires_at: key.expiresAt?.toISOString() ?? null,
    };
  }

  /**
   * Revokes a key at once (the next call with it is 401). With tenantId, only a key of that tenant
   * (the settings page); the admin CLI names any key by id. auditAs writes an `api_keys.revoke` row
   * when this call is the one that revokes it.
   */
  async revokeKey(id: string, opts: { tenantId?: string; auditAs?: AdminActor; requestId?: string } = {}): Promise<{ id: string; revoked_at: string }> {
    if (!UUID.test(id)) throw NotFound('API key', id);
    const revoked = await this.ds.transaction(async (em) => {
      const repo = em.getRepository(ApiKey);
      const key = await repo.findOne({ where: { id, ...(opts.tenantId ? { tenantId: opts.tenantId } : {}) }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw NotFound('API key', id);
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await repo.update({ id }, { revokedAt: key.revokedAt });
        if (opts.auditAs) {
          await this.audit.recordAdmin(em, {
            tenantId: key.tenantId,
            actor: opts.auditAs,
            tool: 'api_keys.revoke',
            targetId: key.id,
            changes: {},
            requestId: opts.requestId ?? 'admin',
          });
        }
      }
      return { id, revoked_at: key.revokedAt.toISOString() };
    });
    for (const listener of this.keyRevoked) listener(id);
    return revoked;
  }

  /** The contract's key:list fields; `withDetails` adds last4 and created_at (the settings page). */
  async listKeys(tenantId: string, opts: { withDetails?: boolean } = {}) {
    await this.getTenant(tenantId);
    const keys = await this.ds.getRepository(ApiKey).find({ where: { tenantId }, order: { createdAt: 'ASC' }, take: 1000 });
    return keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      user_id: k.userId,
      last_used_at: k.lastUsedAt?.toISOString() ?? null,
      revoked_at: k.revokedAt?.toISOString() ?? null,
      expires_at: k.expiresAt?.toISOString() ?? null,
      ...(opts.withDetails ? { last4: k.last4, created_at: k.createdAt.toISOString() } : {}),
    }));
  }

  /** A tenant's users (the settings page names key owners and audit actors by email). */
  async listUsers(tenantId: string): Promise<User[]> {
    return this.ds.getRepository(User).find({ where: { tenantId }, order: { email: 'ASC' }, take: 1000 });
  }

  async findUser(tenantId: string, userId: string): Promise<User | null> {
    return UUID.test(tenantId) && UUID.test(userId) ? this.ds.getRepository(User).findOneBy({ tenantId, id: userId }) : null;
  }

  /** Resolves a bearer token to its key, or null if unknown, revoked or expired. */
  async verifyApiKey(token: string): Promise<KeyPrincipal | null> {
    if (!token.startsWith(USER_KEY_PREFIX) && !token.startsWith(TENANT_KEY_PREFIX)) return null;
    if (token.length > 200) return null;
    const rows = await preparedQuery<{ id: string; tenant_id: string; user_id: string | null; scopes: string[]; last_used_at: Date | null }>(
      this.ds.manager,
      'auth.api_key',
      `SELECT id, tenant_id, user_id, scopes, last_used_at FROM api_keys
        WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    this.touch(row.id, row.last_used_at);
    return { keyId: row.id, tenantId: row.tenant_id, userId: row.user_id, scopes: row.scopes };
  }

  // last_used_at is written at most once a minute per key, off the request's path, so reads stay reads.
  private touch(id: string, lastUsed: Date | null) {
    const now = Date.now();
    if (lastUsed && now - lastUsed.getTime() < 60_000) return;
    if (now - (this.lastTouched.get(id) ?? 0) < 60_000) return;
    this.lastTouched.set(id, now);
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    this.ds
      .query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [id],
      )
      .catch(() => this.lastTouched.delete(id));
  }

  /**
   * For other modules: every user id must be a member of the caller's tenant (one bad id fails the
   * whole request, invalid_input naming `field.<i>`). Runs in the caller's transaction.
   */
  async ensureMembers(ctx: Pick<ToolContext, 'em' | 'tenantId'>, userIds: string[], field: string, what = 'member'): Promise<void> {
    await ensureAllOwned(ctx.em, ctx, User, userIds, field, what);
  }
}
