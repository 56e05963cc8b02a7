import { MigrationInterface, QueryRunner } from "typeorm";

export class JobsQuoteAndLocation1796173348786 implements MigrationInterface {
    name = 'JobsQuoteAndLocation1796173348786'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "jobs" ADD "quote_id" uuid`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD "location_id" uuid`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_location" FOREIGN KEY ("tenant_id", "location_id") REFERENCES "locations"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_quote" FOREIGN KEY ("tenant_id", "quote_id") REFERENCES "quotes"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_quote"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_location"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP COLUMN "location_id"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP COLUMN "quote_id"`);
    }

}
