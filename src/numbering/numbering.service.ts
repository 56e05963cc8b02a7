import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type DocumentKind = 'quote' | 'invoice';

const FIRST = 1001;

/**
 * The statement that takes the next number of a tenant's sequence (RETURNING last_value), with the
 * tenant as parameter $tenant and the kind as a literal: the body of a CTE for a statement that
 * inserts the document in the same breath (a document's one write, so the counter row, locked until
 * the transaction commits, is held for as short as can be: quotes.create and draft invoices).
 */
export function nextNumberSql(tenant: number, kind: DocumentKind): string {
  // now() comes in through EXCLUDED: Citus wants IMMUTABLE functions in ON CONFLICT … DO UPDATE
  return `INSERT INTO document_counters (tenant_id, kind, last_value, updated_at) VALUES ($${tenant}::uuid, '${kind}', ${FIRST}, now())
       ON CONFLICT (tenant_id, kind) DO UPDATE SET last_value = document_counters.last_value + 1, updated_at = EXCLUDED.updated_at
       RETURNING last_value`;
}

const NEXT = { quote: nextNumberSql(1, 'quote'), invoice: nextNumberSql(1, 'invoice') };

@Injectable()
export class NumberingService {
  /**
   * The next number of a tenant's document sequence (1001, 1002, …). Must run inside the
   * transaction that inserts the document (pass its manager): the counter row stays locked until it commits.
   */
  async next(em: EntityManager, tenantId: string, kind: DocumentKind): Promise<number> {
    const rows: { last_value: number }[] = await em.query(NEXT[kind], [tenantId]);
    return Number(rows[0].last_value);
  }
}
