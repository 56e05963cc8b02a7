import type { EntityManager, ObjectLiteral, Repository } from 'typeorm';

/**
 * A module's own repository (injected with @InjectRepository), bound to the call's EntityManager:
 * for a write tool that is the transaction the gateway opened around the call (context.ts), so
 * everything the call writes commits or rolls back together. Services reach their own tables this
 * way, and other modules' rows only through those modules' exported services.
 */
export function txRepo<T extends ObjectLiteral>(ctx: { readonly em: EntityManager }, repo: Repository<T>): Repository<T> {
  return repo.manager === ctx.em ? repo : ctx.em.withRepository(repo);
}
