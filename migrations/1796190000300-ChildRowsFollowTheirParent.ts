import { MigrationInterface, QueryRunner } from 'typeorm';

// A child row (a job's line items, assignments and media; a quote's, an invoice's and a job series'
// lines and assignees) already points at its parent by (tenant_id, parent_id), and the parent's
// ON DELETE CASCADE removes it with the parent, which a tenant's own cascade removes. Its second
// foreign key, tenant_id → tenants, added nothing to either, but cost a referential check per row
// written: a key-share lock of the tenant's one row, taken by every concurrent write of the tenant
// (jobs.create with 3 lines and 2 assignees checked the tenant row 7 times instead of 2). Dropped
// here, as customer_tags and webhook_deliveries never had it. The parent keeps its own.
const CHILDREN = ['job_assignments', 'job_line_items', 'job_media', 'invoice_line_items', 'quote_line_items', 'job_series_assignments', 'job_series_line_items'];

export class ChildRowsFollowTheirParent1796190000300 implements MigrationInterface {
  name = 'ChildRowsFollowTheirParent1796190000300';

  public async up(q: QueryRunner): Promise<void> {
    for (const t of CHILDREN) await q.query(`ALTER TABLE "${t}" DROP CONSTRAINT "fk_${t}_tenant"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of CHILDREN)
      await q.query(`ALTER TABLE "${t}" ADD CONSTRAINT "fk_${t}_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }
}
