import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TokenVerifier } from './token-verifier';
import { Unauthenticated } from './unauthenticated.exception';

/** `Authorization: Bearer <token>` (RFC 6750 §2.1): the scheme in any case, one space, the token. */
const BEARER = /^Bearer ([^ ]+)$/i;

/**
 * Every /api/mcp request needs a valid bearer token, read from the Authorization header only (never
 * the query string or the body). A missing, malformed or unknown token is 401 (Unauthenticated,
 * answered with the challenge by the endpoint's exception filter); the Principal goes on req.user.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: unknown }>();
    const header = req.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw new Unauthenticated();
    const principal = await this.verifier.validate(token);
    if (!principal) throw new Unauthenticated();
    req.user = principal;
    return true;
  }
}
