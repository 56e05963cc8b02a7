import { MigrationInterface, QueryRunner } from "typeorm";

export class CatalogAndNumbering1796169315491 implements MigrationInterface {
    name = 'CatalogAndNumbering1796169315491'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "catalog_categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "description" text, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_catalog_categories_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_e22b0520ebd3477c52ff4307dc2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "catalog_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "description" text, "kind" text NOT NULL DEFAULT 'service', "unit_price" numeric(12,2) NOT NULL, "unit_cost" numeric(12,2), "unit" text, "taxable" boolean NOT NULL DEFAULT true, "category_id" uuid, "sku" text, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_catalog_items_tenant_sku" UNIQUE ("tenant_id", "sku"), CONSTRAINT "uq_catalog_items_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_catalog_items_prices" CHECK ("unit_price" >= 0 AND ("unit_cost" IS NULL OR "unit_cost" >= 0)), CONSTRAINT "chk_catalog_items_kind" CHECK ("kind" IN ('service', 'material')), CONSTRAINT "PK_dd1c29828c10a599d894b9b6535" PRIMARY KEY ("id"))`);
        // category names are unique per tenant ignoring case (declared synchronize:false on the entity)
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_catalog_categories_tenant_lower_name" ON "catalog_categories" ("tenant_id", lower("name"))`);
        await queryRunner.query(`CREATE INDEX "idx_catalog_items_tenant_category" ON "catalog_items"  ("tenant_id", "category_id") `);
        await queryRunner.query(`CREATE INDEX "idx_catalog_items_tenant_name" ON "catalog_items"  ("tenant_id", "name") `);
        await queryRunner.query(`CREATE TABLE "document_counters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "uq_document_counters_tenant_kind" UNIQUE ("tenant_id", "kind"), CONSTRAINT "PK_bfb910e7e0c072052e2204e7d32" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "catalog_categories" ADD CONSTRAINT "fk_catalog_categories_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "catalog_items" ADD CONSTRAINT "fk_catalog_items_category" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "catalog_categories"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "catalog_items" ADD CONSTRAINT "fk_catalog_items_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "document_counters" ADD CONSTRAINT "fk_document_counters_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "document_counters" DROP CONSTRAINT "fk_document_counters_tenant"`);
        await queryRunner.query(`ALTER TABLE "catalog_items" DROP CONSTRAINT "fk_catalog_items_tenant"`);
        await queryRunner.query(`ALTER TABLE "catalog_items" DROP CONSTRAINT "fk_catalog_items_category"`);
        await queryRunner.query(`ALTER TABLE "catalog_categories" DROP CONSTRAINT "fk_catalog_categories_tenant"`);
        await queryRunner.query(`DROP TABLE "document_counters"`);
        await queryRunner.query(`DROP INDEX "public"."idx_catalog_items_tenant_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_catalog_items_tenant_category"`);
        await queryRunner.query(`DROP TABLE "catalog_items"`);
        await queryRunner.query(`DROP INDEX "public"."uq_catalog_categories_tenant_lower_name"`);
        await queryRunner.query(`DROP TABLE "catalog_categories"`);
    }

}
