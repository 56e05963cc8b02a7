import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
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
}
