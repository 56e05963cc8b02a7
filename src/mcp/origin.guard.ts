import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';

export class OriginRejected extends Error {}

// DNS-rebinding protection (MCP Streamable HTTP): a browser request from an origin we do not
// know is refused before anything else looks at it. Non-browser clients send no Origin.
@Injectable()
export class OriginGuard implements CanActivate {
  private readonly allowed: Set<string>;
  constructor(@Inject(ZOOP_CONFIG) config: ZoopConfig) {
    this.allowed = new Set(config.allowedOrigins);
  }
  canActivate(ctx: ExecutionContext): boolean {
    const origin = ctx.switchToHttp().getRequest().headers.origin;
    if (origin !== undefined && !this.allowed.has(origin)) throw new OriginRejected(`Origin ${origin} is not allowed.`);
    return true;
  }
}
