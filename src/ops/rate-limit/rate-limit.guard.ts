import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Principal } from '../../auth/principal';

/**
 * Per credential, after authentication: an API key's id, or an OAuth grant's client and user, so a
 * refreshed (or re-issued) access token does not get a fresh budget. Requests that fail
 * authentication never get here: RateLimitService counts them per client address.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    return !ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return 'credential:' + (req.user as Principal).credentialId;
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
