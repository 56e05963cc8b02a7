import { MigrationInterface, QueryRunner } from "typeorm";

export class Crm1796169163384 implements MigrationInterface {
    name = 'Crm1796169163384'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid NOT NULL, "first_name" text NOT NULL, "last_name" text, "email" text, "phone" text, "title" text, "is_primary" boolean NOT NULL DEFAULT false, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_contacts_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_contacts_one_primary" ON "contacts"  ("tenant_id", "customer_id") WHERE "is_primary"`);
        await queryRunner.query(`CREATE INDEX "idx_contacts_tenant_customer" ON "contacts"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE TABLE "notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "body" text NOT NULL, "customer_id" uuid, "job_id" uuid, "pinned" boolean NOT NULL DEFAULT false, "author_id" uuid NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_notes_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_notes_one_parent" CHECK (("customer_id" IS NULL) <> ("job_id" IS NULL)), CONSTRAINT "PK_af6206538ea96c4e77e9f400c3d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_notes_tenant_job" ON "notes"  ("tenant_id", "job_id") `);
        await queryRunner.query(`CREATE INDEX "idx_notes_tenant_customer" ON "notes"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE TABLE "tags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "color" text, CONSTRAINT "uq_tags_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`);
        // tag names are unique per tenant regardless of case (declared on Tag with synchronize: false)
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_tags_tenant_lower_name" ON "tags" ("tenant_id", lower("name"))`);
        await queryRunner.query(`CREATE TABLE "customer_tags" ("tenant_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "tag_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fa200200ae2051919323b12454" PRIMARY KEY ("tenant_id", "customer_id", "tag_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_tags_tag" ON "customer_tags"  ("tenant_id", "tag_id") `);
        await queryRunner.query(`CREATE TABLE "locations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid NOT NULL, "label" text, "line1" text NOT NULL, "line2" text, "city" text, "region" text, "postal_code" text, "country" text NOT NULL DEFAULT 'US', "latitude" numeric(9,6), "longitude" numeric(9,6), "access_notes" text, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_locations_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_locations_longitude" CHECK ("longitude" BETWEEN -180 AND 180), CONSTRAINT "ck_locations_latitude" CHECK ("latitude" BETWEEN -90 AND 90), CONSTRAINT "ck_locations_coordinates" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)), CONSTRAINT "PK_7cc1c9e3853b94816c094825e74" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_locations_tenant_customer" ON "locations"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contacts" ADD CONSTRAINT "fk_contacts_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notes" ADD CONSTRAINT "fk_notes_author" FOREIGN KEY ("tenant_id", "author_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notes" ADD CONSTRAINT "fk_notes_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notes" ADD CONSTRAINT "fk_notes_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "tags" ADD CONSTRAINT "fk_tags_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_tags" ADD CONSTRAINT "fk_customer_tags_tag" FOREIGN KEY ("tenant_id", "tag_id") REFERENCES "tags"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_tags" ADD CONSTRAINT "fk_customer_tags_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "locations" ADD CONSTRAINT "fk_locations_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "locations" ADD CONSTRAINT "fk_locations_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "locations" DROP CONSTRAINT "fk_locations_tenant"`);
        await queryRunner.query(`ALTER TABLE "locations" DROP CONSTRAINT "fk_locations_customer"`);
        await queryRunner.query(`ALTER TABLE "customer_tags" DROP CONSTRAINT "fk_customer_tags_customer"`);
        await queryRunner.query(`ALTER TABLE "customer_tags" DROP CONSTRAINT "fk_customer_tags_tag"`);
        await queryRunner.query(`ALTER TABLE "tags" DROP CONSTRAINT "fk_tags_tenant"`);
        await queryRunner.query(`ALTER TABLE "notes" DROP CONSTRAINT "fk_notes_tenant"`);
        await queryRunner.query(`ALTER TABLE "notes" DROP CONSTRAINT "fk_notes_customer"`);
        await queryRunner.query(`ALTER TABLE "notes" DROP CONSTRAINT "fk_notes_author"`);
        await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "fk_contacts_tenant"`);
        await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "fk_contacts_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_locations_tenant_customer"`);
        await queryRunner.query(`DROP TABLE "locations"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_tags_tag"`);
        await queryRunner.query(`DROP TABLE "customer_tags"`);
        await queryRunner.query(`DROP INDEX "public"."uq_tags_tenant_lower_name"`);
        await queryRunner.query(`DROP TABLE "tags"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notes_tenant_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notes_tenant_job"`);
        await queryRunner.query(`DROP TABLE "notes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_tenant_customer"`);
        await queryRunner.query(`DROP INDEX "public"."uq_contacts_one_primary"`);
        await queryRunner.query(`DROP TABLE "contacts"`);
    }

}
