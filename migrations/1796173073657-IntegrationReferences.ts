import { MigrationInterface, QueryRunner } from "typeorm";

export class IntegrationReferences1796173073657 implements MigrationInterface {
    name = 'IntegrationReferences1796173073657'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_job_series" FOREIGN KEY ("tenant_id", "job_series_id") REFERENCES "job_series"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_job" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notes" ADD CONSTRAINT "fk_notes_job" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quotes" ADD CONSTRAINT "fk_quotes_location" FOREIGN KEY ("tenant_id", "location_id") REFERENCES "locations"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "quotes" DROP CONSTRAINT "fk_quotes_location"`);
        await queryRunner.query(`ALTER TABLE "notes" DROP CONSTRAINT "fk_notes_job"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_job"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_job_series"`);
    }

}
