import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../tenancy/user.entity';
import { hashPassword, verifyPassword } from './password';

/** A throttle: at most `max` failures per `windowSecs`; each window that ends blocked doubles the next block (up to 16×). */
interface Throttle {
  key: string;
  max: number;
  windowSecs: number;
}

// Failed sign-ins are counted in PostgreSQL (so the throttles hold across instances and restarts,
// and no flood of other emails can push a counter out of memory), in three buckets:
//  - address + account: 5 failures per 15 minutes. It slows guessing one account's password from one
//    address without locking the real user out: they sign in from their own address.
//  - address: 20 failures per 15 minutes, whatever the emails (password spraying from one address).
//  - global: 1,000 failures per minute across all addresses (a botnet), a short block for everyone.
// A bucket over its limit answers 429 with Retry-After; its next block, if it fills again right
// after, lasts twice as long (back-off), up to 16 × its window. A quiet window resets the back-off.
export const SIGN_IN_LIMITS = {
  perAccountAndAddress: { max: 5, windowSecs: 15 * 60 },
  perAddress: { max: 20, windowSecs: 15 * 60 },
  global: { max: 1000, windowSecs: 60 },
} as const;

const BLOCKED = `
  SELECT max(ceil(extract(epoch FROM f.window_ends - now())))::int AS wait
    FROM oauth_sign_in_failures f JOIN unnest($1::text[]) AS k(key) ON f.key = k.key
   WHERE f.window_ends > now() AND f.failures >= f.max_failures`;

// One statement per failure. In ON CONFLICT … SET, `f` is the row as it was: a window that has
// ended starts again at 1 failure; reaching the limit sets the block (window × 2^strikes).
const RECORD_FAILURE = `
  INSERT INTO oauth_sign_in_failures AS f (key, failures, strikes, max_failures, window_secs, window_ends)
  SELECT key, 1, 0, lim, secs, now() + make_interval(secs => secs) FROM unnest($1::text[], $2::int[], $3::int[]) AS k(key, lim, secs)
  ON CONFLICT (key) DO UPDATE SET
    max_failures = excluded.max_failures,
    window_secs = excluded.window_secs,
    failures = CASE WHEN f.window_ends <= now() THEN 1 ELSE f.failures + 1 END,
    strikes = CASE WHEN f.window_ends <= now() - make_interval(secs => excluded.window_secs) THEN 0
                   WHEN f.window_ends > now() AND f.failures + 1 = excluded.max_failures THEN least(f.strikes + 1, 4)
                   ELSE f.strikes END,
    window_ends = CASE
      WHEN f.window_ends <= now() THEN now() + make_interval(secs => excluded.window_secs)
      WHEN f.failures + 1 = excluded.max_failures THEN now() + make_interval(secs => excluded.window_secs * power(2, f.strikes))
      ELSE f.window_ends END`;

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Email + password sign-in, shared by the OAuth consent page and any other page that signs users in:
 * throttled per address+account, per address and globally (state in PostgreSQL), and constant-time
 * whether or not the email exists or has a password (a dummy scrypt hash is verified instead).
 */
@Injectable()
export class SignInService {
  private dummyHash: Promise<string> | undefined;
  private failuresSincePurge = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One sign-in attempt from a client address: throttled, then verified. */
  async attempt(input: { email: unknown; password: unknown; address: string }): Promise<SignInResult> {
    const email = normaliseEmail(input.email);
    const throttles = this.throttles(email, input.address);
    const [{ wait }] = await this.ds.query(BLOCKED, [throttles.map((t) => t.key)]);
    if (wait !== null && wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
    const user = await this.verify(email, input.password);
    if (user) {
      // a success clears this account's bucket for this address (not the address's nor the global one)
      await this.ds.query(`DELETE FROM oauth_sign_in_failures WHERE key = $1`, [throttles[0].key]);
      return { ok: true, user };
    }
    await this.ds.query(RECORD_FAILURE, [throttles.map((t) => t.key), throttles.map((t) => t.max), throttles.map((t) => t.windowSecs)]);
    // buckets quiet for a day are dead rows (their back-off has reset too): sweep now and then
    if (++this.failuresSincePurge >= 100) {
      this.failuresSincePurge = 0;
      await this.ds.query(`DELETE FROM oauth_sign_in_failures WHERE window_ends < now() - interval '1 day'`);
    }
    return { ok: false, reason: 'invalid' };
  }

  private throttles(email: string, address: string): Throttle[] {
    const { perAccountAndAddress: a, perAddress: b, global: g } = SIGN_IN_LIMITS;
    return [
      { key: `account:${address}|${email}`, max: a.max, windowSecs: a.windowSecs },
      { key: `address:${address}`, max: b.max, windowSecs: b.windowSecs },
      { key: 'global', max: g.max, windowSecs: g.windowSecs },
    ];
  }

  /**
   * The user an email + password signs in as, or null, without throttling (callers that face the
   * network use attempt()). An email may exist in several tenants: the first whose password matches.
   * At least one scrypt verification runs whatever the email, so timing does not tell which exist.
   */
  async verify(rawEmail: unknown, rawPassword: unknown): Promise<User | null> {
    const email = normaliseEmail(rawEmail);
    const password = typeof rawPassword === 'string' ? rawPassword.slice(0, 1024) : '';
    const rows: { id: string; tenant_id: string; hash: string }[] = email
      ? await this.ds.query(
          `SELECT u.id, u.tenant_id, p.hash FROM users u JOIN user_passwords p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
            WHERE u.email = $1 ORDER BY u.created_at LIMIT 20`,
          [email],
        )
      : [];
    if (!rows.length) {
      await verifyPassword(password, await this.dummy());
      return null;
    }
    for (const r of rows) {
      if (await verifyPassword(password, r.hash)) return this.ds.getRepository(User).findOneByOrFail({ tenantId: r.tenant_id, id: r.id });
    }
    return null;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('not a password anyone has');
    return this.dummyHash;
  }
}

export const normaliseEmail = (raw: unknown) => (typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 320) : '');
