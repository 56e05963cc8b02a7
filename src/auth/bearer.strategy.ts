import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { Principal } from './principal';
import { TokenVerifier } from './token-verifier';

/** Where BearerAuthGuard leaves its app's TokenVerifier on the request, for the strategy to use. */
export const VERIFIER = Symbol('auth:token-verifier');

type Authenticating = { headers: Record<string, unknown>; [VERIFIER]?: TokenVerifier };

/**
 * The passport bearer strategy: passport-http-bearer parses `Authorization: Bearer <token>` and
 * `validate` is TokenVerifier (API keys and OAuth access tokens, with its short cache and revocation
 * listeners).
 *
 * passport keeps one strategy per name for the whole process, and several Nest apps can live in
 * one process (the test suite boots many; each has its own database pool, cache and revocation
 * listeners). So the strategy registered under 'bearer' is only the parser: it validates with the
 * TokenVerifier of the app whose guard is authenticating the request (BearerAuthGuard puts it on
 * the request), never with the app that happened to register last.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly verifier: TokenVerifier) {
    super({ passReqToCallback: true });
  }

  // passport-http-bearer also reads access_token from the query and the body: it sees only the header
  override authenticate(req: Authenticating, options?: object) {
    return super.authenticate({ headers: { authorization: req.headers.authorization }, [VERIFIER]: req[VERIFIER] } as never, options);
  }

  validate(req: Authenticating, token: string): Promise<Principal | false> {
    return (req[VERIFIER] ?? this.verifier).validate(token);
  }
}
