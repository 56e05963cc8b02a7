import { createHash } from 'node:crypto';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

const bearerOf = (req: any): string | undefined => /^bearer\s+(\S+)/i.exec(req.headers?.authorization ?? '')?.[1];

/**
 * Per token: the budget is keyed by a hash of the bearer token (never the token itself), checked
 * before authentication so an exhausted token costs no key lookup. Requests without a token are
 * counted per client address by RateLimitService when they fail authentication.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    return !bearerOf(ctx.switchToHttp().getRequest());
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return 'token:' + createHash('sha256').update(bearerOf(req)!).digest('base64url');
  }

  protected override generateKey(_ctx: ExecutionContext, tracker: string): string {
    return tracker;
  }
}
