import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Unauthenticated } from './unauthenticated.exception';

@Injectable()
export class BearerAuthGuard extends AuthGuard('bearer') {
  override handleRequest<T>(err: unknown, principal: T, _info: unknown, _ctx: ExecutionContext): T {
    if (err) throw err;
    if (!principal) throw new Unauthenticated();
    return principal;
  }
}
