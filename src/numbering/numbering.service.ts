import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type DocumentKind = 'quote' | 'invoice';

const FIRST = 1001;

@Injectable()
export class NumberingService {
  /**
   * The next number of a tenant's document sequence (1001, 1002, …). Must run inside the
   * transaction that inserts the document (pass its manager): the counter row stays locked until it commits.
   */
  async next(em: EntityManager, tenantId: string, kind: DocumentKind): Promise<number> {
    const rows: { last_value: number }[] = await em.query(
      `INSERT INTO document_counters (tenant_id, kind, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, kind) DO UPDATE SET last_value = document_counters.last_value + 1, updated_at = now()
       RETURNING last_value`,
      [tenantId, kind, FIRST],
    );
    return Number(rows[0].last_value);
  }
}
