import { SetMetadata } from '@nestjs/common';

export const REQUIRES_USER = Symbol('auth:requires-user');

/** The tool needs a user actor (a user key or an OAuth token): UserActorGuard refuses a tenant key. Same as `@McpTool({ userActor: true })`. */
export const RequiresUser = () => SetMetadata(REQUIRES_USER, true);
