import { Injectable } from '@nestjs/common';
import { User } from '../tenancy/user.entity';
import { OAuthService } from './oauth.service';

/** Failed sign-ins per email (per process): 10 in 15 minutes lock the email for the rest of the window. */
class SignInFailures {
  private readonly windowMs = 15 * 60_000;
  private readonly max = 10;
  private readonly seen = new Map<string, number[]>();
  private recent(email: string) {
    const now = Date.now();
    const list = (this.seen.get(email) ?? []).filter((at) => now - at < this.windowMs);
    if (list.length) this.seen.set(email, list);
    else this.seen.delete(email);
    return list;
  }
  blocked(email: string) {
    return this.recent(email).length >= this.max;
  }
  fail(email: string) {
    if (this.seen.size > 100_000) this.seen.clear(); // bounded memory
    this.seen.set(email, [...this.recent(email), Date.now()]);
  }
  clear(email: string) {
    this.seen.delete(email);
  }
}

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'throttled' | 'wrong' };

/**
 * Email + password sign-in with the failure throttle, shared by every page that signs a person in
 * (the OAuth consent page and the settings page): one throttle, so two doors do not double the tries.
 */
@Injectable()
export class PasswordSignIn {
  private readonly failures = new SignInFailures();

  constructor(private readonly oauth: OAuthService) {}

  async attempt(rawEmail: string | undefined, password: string | undefined): Promise<SignInResult> {
    const email = (rawEmail ?? '').trim().toLowerCase().slice(0, 320);
    if (this.failures.blocked(email)) return { ok: false, reason: 'throttled' };
    const user = await this.oauth.signIn(email, (password ?? '').slice(0, 1024));
    if (!user) {
      this.failures.fail(email);
      return { ok: false, reason: 'wrong' };
    }
    this.failures.clear(email);
    return { ok: true, user };
  }
}
