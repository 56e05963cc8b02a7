import { deleteEachTenant } from '../database/write-mode';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenancyService } from '../tenancy/tenancy.service';
import type { User } from '../tenancy/user.entity';
import { SettingsSession } from './settings-session.entity';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and this long after sign-in, whatever happens. */
export const SESSION_MAX_MS = 12 * 3_600_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const hmac = (key: string, what: string) => createHmac('sha256', key).update(what).digest('base64url');

/** Equal in constant time (a CSRF token the form sent against the one it should carry). */
export function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SignedIn {
  session: SettingsSession;
  user: User;
  /** the CSRF token every form of this session carries: derived from the session's secret cookie */
  csrf: string;
}

/**
 * Settings-page sessions, kept in PostgreSQL: the cookie holds a random token, the table its hash.
 * Server-side rather than a signed cookie so that sign-out ends the session everywhere at once (a
 * signed token stays valid until it expires), and idle expiry needs a last-seen time anyway; any
 * number of server processes share it.
 */
@Injectable()
export class SettingsSessions {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tenancy: TenancyService,
  ) {}

  async start(user: User): Promise<string> {
    // housekeeping on each sign-in (a human step, so rare)
    await deleteEachTenant(this.ds.manager, 'settings_sessions', 's', 's.expires_at < now()'); // per tenant on Citus: no transaction across shards
    const token = randomBytes(32).toString('base64url');
    await this.ds.getRepository(SettingsSession).save({
      tenantId: user.tenantId,
      userId: user.id,
      tokenHash: sha256(token),
      lastSeenAt: new Date(),
      expiresAt: new Date(Date.now() + SESSION_MAX_MS),
    });
    return token;
  }

  /** The live session a cookie token names, or null (unknown, idle too long, past its end, user gone). */
  async find(token: string | undefined): Promise<SignedIn | null> {
    if (!token || !TOKEN.test(token)) return null;
    const session = await this.ds.getRepository(SettingsSession).findOneBy({ tokenHash: sha256(token) });
    const now = Date.now();
    if (!session || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
    const user = await this.tenancy.findUser(session.tenantId, session.userId);
    if (!user) return null;
    if (now - session.lastSeenAt.getTime() > 60_000) {
      await this.ds.getRepository(SettingsSession).update({ id: session.id }, { lastSeenAt: new Date(now) }); // idle clock, at most once a minute
    }
    return { session, user, csrf: hmac(token, 'settings-csrf') };
  }

  async end(session: SettingsSession): Promise<void> {
    await this.ds.getRepository(SettingsSession).delete({ tenantId: session.tenantId, id: session.id });
  }
}
