import { MigrationInterface, QueryRunner } from "typeorm";

export class JobFieldsAndCatalogLinks1796175508908 implements MigrationInterface {
    name = 'JobFieldsAndCatalogLinks1796175508908'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "job_series" ADD "location_id" uuid`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD "start_time" TIME(0)`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD "duration_minutes" integer`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" ADD "catalog_item_id" uuid`);
        await queryRunner.query(`ALTER TABLE "job_line_items" ADD "catalog_item_id" uuid`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD CONSTRAINT "chk_job_series_duration" CHECK ("duration_minutes" IS NULL OR ("duration_minutes" BETWEEN 1 AND 1440 AND "start_time" IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD CONSTRAINT "fk_job_series_location" FOREIGN KEY ("tenant_id", "location_id") REFERENCES "locations"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" ADD CONSTRAINT "fk_job_series_line_items_catalog_item" FOREIGN KEY ("tenant_id", "catalog_item_id") REFERENCES "catalog_items"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_line_items" ADD CONSTRAINT "fk_job_line_items_catalog_item" FOREIGN KEY ("tenant_id", "catalog_item_id") REFERENCES "catalog_items"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "job_line_items" DROP CONSTRAINT "fk_job_line_items_catalog_item"`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" DROP CONSTRAINT "fk_job_series_line_items_catalog_item"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP CONSTRAINT "fk_job_series_location"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP CONSTRAINT "chk_job_series_duration"`);
        await queryRunner.query(`ALTER TABLE "job_line_items" DROP COLUMN "catalog_item_id"`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" DROP COLUMN "catalog_item_id"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP COLUMN "duration_minutes"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP COLUMN "start_time"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP COLUMN "location_id"`);
    }

}
