import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import type { Principal } from '../../auth/principal';

// the route metadata @Throttle / @SkipThrottle and friends write (@nestjs/throttler's throttler.constants)
const ROUTE_SETTINGS = ['THROTTLER:SKIP', 'THROTTLER:LIMIT', 'THROTTLER:TTL', 'THROTTLER:BLOCK_DURATION', 'THROTTLER:TRACKER', 'THROTTLER:KEY_GENERATOR'];

/** A throttler whose settings for a route are plain numbers, with no per-route override: counted without asking the metadata again. */
interface StaticThrottler {
  throttler: ThrottlerOptions & { name: string };
  limit: number;
  ttl: number;
  blockDuration: number;
}

/**
 * Per credential, after authentication: an API key's id, or an OAuth grant's client and user, so a
 * refreshed (or re-issued) access token does not get a fresh budget. Requests that fail
 * authentication never get here: RateLimitService counts them per client address.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** per route handler: its throttlers when every setting is static, or null for ThrottlerGuard's general path */
  private readonly plans = new WeakMap<object, StaticThrottler[] | null>();

  /**
   * ThrottlerGuard reads six metadata keys per throttler and awaits each setting on every request;
   * the settings of a route do not change, so they are read once per route here. The count, the
   * refusal (its message, Retry-After) and skipIf are ThrottlerGuard's own, as before. A route or
   * module that uses anything else (per-route @Throttle/@SkipThrottle, functions as values, user-agent
   * rules, a throttler's own tracker or key) takes ThrottlerGuard's general path.
   */
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ user?: Principal }>();
    if (!req.user) return true; // shouldSkip
    const handler = ctx.getHandler();
    let plan = this.plans.get(handler);
    if (plan === undefined) {
      plan = this.staticPlan(handler, ctx.getClass());
      this.plans.set(handler, plan);
    }
    if (!plan) return super.canActivate(ctx);
    for (const t of plan) {
      const skipIf = t.throttler.skipIf || this.commonOptions.skipIf;
      if (skipIf?.(ctx)) continue;
      const tracker = this.trackerOf(req.user);
      const key = this.generateKey(ctx, tracker);
      const r = await this.storageService.increment(key, t.ttl, t.limit, t.blockDuration, t.throttler.name);
      if (r.isBlocked) await this.throwThrottlingException(ctx, { limit: t.limit, ttl: t.ttl, key, tracker, ...r });
    }
    return true;
  }

  private staticPlan(handler: object, classRef: object): StaticThrottler[] | null {
    if (this.commonOptions.ignoreUserAgents || this.commonOptions.setHeaders !== false) return null;
    const plan: StaticThrottler[] = [];
    for (const throttler of this.throttlers as (ThrottlerOptions & { name: string })[]) {
      for (const setting of ROUTE_SETTINGS) if (this.reflector.getAllAndOverride(setting + throttler.name, [handler, classRef] as never) !== undefined) return null;
      if (throttler.ignoreUserAgents || throttler.getTracker || throttler.generateKey || (throttler.setHeaders ?? false) !== false) return null;
      const { limit, ttl } = throttler;
      const blockDuration = throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return null;
      plan.push({ throttler, limit, ttl, blockDuration });
    }
    return plan;
  }

  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    return !ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return this.trackerOf(req.user as Principal);
  }

  private trackerOf(user: Principal): string {
    return 'credential:' + user.credentialId;
  }

  protected override generateKey(_ctx: ExecutionContext, tracker: string): string {
    return tracker;
  }

  // The module turns the throttler's headers off (three X-RateLimit-* headers on every reply are
  // per-call work the contract does not ask for); only a refusal says when to come back.
  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    ctx.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('retry-after', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(ctx, detail);
  }
}
