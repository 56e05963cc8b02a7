import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { VERIFIER } from './bearer.strategy';
import { TokenVerifier } from './token-verifier';
import { Unauthenticated } from './unauthenticated.exception';

/**
 * Every /api/mcp request needs a valid bearer token, read from the Authorization header only (never
 * the query string or the body), through the passport bearer strategy (BearerStrategy). A missing,
 * malformed or unknown token is 401 (Unauthenticated, answered with the challenge by the endpoint's
 * exception filter); the Principal goes on req.user.
 */
@Injectable()
export class BearerAuthGuard extends AuthGuard('bearer') {
  constructor(private readonly verifier: TokenVerifier) {
    super();
  }

  // the strategy validates with this app's verifier (see BearerStrategy)
  override getRequest(ctx: ExecutionContext) {
    const req = ctx.switchToHttp().getRequest();
    req[VERIFIER] = this.verifier;
    return req;
  }

  override handleRequest<T>(err: unknown, principal: T): T {
    if (err) throw err;
    if (!principal) throw new Unauthenticated();
    return principal;
  }
}
