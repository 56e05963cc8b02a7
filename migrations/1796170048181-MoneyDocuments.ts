import { MigrationInterface, QueryRunner } from "typeorm";

export class MoneyDocuments1796170048181 implements MigrationInterface {
    name = 'MoneyDocuments1796170048181'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid NOT NULL, "name" text NOT NULL, "description" text, "price" numeric(12,2) NOT NULL, "billing_frequency" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "next_billing_on" date NOT NULL, "job_series_id" uuid, "status" text NOT NULL DEFAULT 'active', "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, CONSTRAINT "uq_plans_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_plans_price" CHECK ("price" >= 0), CONSTRAINT "chk_plans_status" CHECK ("status" IN ('active', 'cancelled')), CONSTRAINT "chk_plans_frequency" CHECK ("billing_frequency" IN ('monthly', 'quarterly', 'yearly')), CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_plans_status_next_billing" ON "plans"  ("status", "next_billing_on") `);
        await queryRunner.query(`CREATE INDEX "idx_plans_tenant_customer" ON "plans"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE TABLE "tax_rates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "rate" numeric(7,4) NOT NULL, "is_default" boolean NOT NULL DEFAULT false, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_tax_rates_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_41164a748f3dafa373c7e508ca2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_tax_rates_tenant_default" ON "tax_rates"  ("tenant_id") WHERE "is_default"`);
        await queryRunner.query(`CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "number" integer NOT NULL, "customer_id" uuid NOT NULL, "job_id" uuid, "status" text NOT NULL DEFAULT 'draft', "issued_on" date, "due_on" date, "tax_rate_id" uuid, "subtotal" numeric(12,2) NOT NULL, "tax_total" numeric(12,2) NOT NULL, "total" numeric(12,2) NOT NULL, "amount_paid" numeric(12,2) NOT NULL DEFAULT '0', "paid_at" TIMESTAMP WITH TIME ZONE, "voided_at" TIMESTAMP WITH TIME ZONE, "plan_id" uuid, "plan_period_start" date, "created_by" uuid, CONSTRAINT "uq_invoices_tenant_plan_period" UNIQUE ("tenant_id", "plan_id", "plan_period_start"), CONSTRAINT "uq_invoices_tenant_number" UNIQUE ("tenant_id", "number"), CONSTRAINT "uq_invoices_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_invoices_amount_paid" CHECK ("amount_paid" >= 0 AND "amount_paid" <= "total"), CONSTRAINT "chk_invoices_status" CHECK ("status" IN ('draft', 'sent', 'paid', 'void')), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_invoices_tenant_customer" ON "invoices"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE TABLE "invoice_line_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "catalog_item_id" uuid, "description" text NOT NULL, "unit_price" numeric(12,2) NOT NULL, "quantity" numeric(12,3) NOT NULL, "taxable" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', "total" numeric(12,2) NOT NULL, "invoice_id" uuid NOT NULL, CONSTRAINT "PK_4e8ccaadaf5d0619db9d219b061" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_invoice_line_items_tenant_invoice" ON "invoice_line_items"  ("tenant_id", "invoice_id") `);
        await queryRunner.query(`CREATE TABLE "quotes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "number" integer NOT NULL, "customer_id" uuid NOT NULL, "location_id" uuid, "title" text NOT NULL, "message" text, "status" text NOT NULL DEFAULT 'draft', "valid_until" date, "tax_rate_id" uuid, "subtotal" numeric(12,2) NOT NULL, "tax_total" numeric(12,2) NOT NULL, "total" numeric(12,2) NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, CONSTRAINT "uq_quotes_tenant_number" UNIQUE ("tenant_id", "number"), CONSTRAINT "uq_quotes_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_quotes_status" CHECK ("status" IN ('draft', 'sent', 'approved', 'declined')), CONSTRAINT "PK_99a0e8bcbcd8719d3a41f23c263" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_quotes_tenant_customer" ON "quotes"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE TABLE "quote_line_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "catalog_item_id" uuid, "description" text NOT NULL, "unit_price" numeric(12,2) NOT NULL, "quantity" numeric(12,3) NOT NULL, "taxable" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', "total" numeric(12,2) NOT NULL, "quote_id" uuid NOT NULL, CONSTRAINT "PK_cf621b9092037d36e5c7e13a668" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_quote_line_items_tenant_quote" ON "quote_line_items"  ("tenant_id", "quote_id") `);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "tax_rates" ADD CONSTRAINT "fk_tax_rates_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_plan" FOREIGN KEY ("tenant_id", "plan_id") REFERENCES "plans"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_tax_rate" FOREIGN KEY ("tenant_id", "tax_rate_id") REFERENCES "tax_rates"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" ADD CONSTRAINT "fk_invoice_line_items_catalog_item" FOREIGN KEY ("tenant_id", "catalog_item_id") REFERENCES "catalog_items"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" ADD CONSTRAINT "fk_invoice_line_items_invoice" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "invoices"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" ADD CONSTRAINT "fk_invoice_line_items_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quotes" ADD CONSTRAINT "fk_quotes_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quotes" ADD CONSTRAINT "fk_quotes_tax_rate" FOREIGN KEY ("tenant_id", "tax_rate_id") REFERENCES "tax_rates"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quotes" ADD CONSTRAINT "fk_quotes_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quotes" ADD CONSTRAINT "fk_quotes_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quote_line_items" ADD CONSTRAINT "fk_quote_line_items_catalog_item" FOREIGN KEY ("tenant_id", "catalog_item_id") REFERENCES "catalog_items"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quote_line_items" ADD CONSTRAINT "fk_quote_line_items_quote" FOREIGN KEY ("tenant_id", "quote_id") REFERENCES "quotes"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quote_line_items" ADD CONSTRAINT "fk_quote_line_items_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "quote_line_items" DROP CONSTRAINT "fk_quote_line_items_tenant"`);
        await queryRunner.query(`ALTER TABLE "quote_line_items" DROP CONSTRAINT "fk_quote_line_items_quote"`);
        await queryRunner.query(`ALTER TABLE "quote_line_items" DROP CONSTRAINT "fk_quote_line_items_catalog_item"`);
        await queryRunner.query(`ALTER TABLE "quotes" DROP CONSTRAINT "fk_quotes_tenant"`);
        await queryRunner.query(`ALTER TABLE "quotes" DROP CONSTRAINT "fk_quotes_customer"`);
        await queryRunner.query(`ALTER TABLE "quotes" DROP CONSTRAINT "fk_quotes_tax_rate"`);
        await queryRunner.query(`ALTER TABLE "quotes" DROP CONSTRAINT "fk_quotes_created_by"`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" DROP CONSTRAINT "fk_invoice_line_items_tenant"`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" DROP CONSTRAINT "fk_invoice_line_items_invoice"`);
        await queryRunner.query(`ALTER TABLE "invoice_line_items" DROP CONSTRAINT "fk_invoice_line_items_catalog_item"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_tenant"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_customer"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_tax_rate"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_plan"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_created_by"`);
        await queryRunner.query(`ALTER TABLE "tax_rates" DROP CONSTRAINT "fk_tax_rates_tenant"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_tenant"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_customer"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_created_by"`);
        await queryRunner.query(`DROP INDEX "public"."idx_quote_line_items_tenant_quote"`);
        await queryRunner.query(`DROP TABLE "quote_line_items"`);
        await queryRunner.query(`DROP INDEX "public"."idx_quotes_tenant_customer"`);
        await queryRunner.query(`DROP TABLE "quotes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_invoice_line_items_tenant_invoice"`);
        await queryRunner.query(`DROP TABLE "invoice_line_items"`);
        await queryRunner.query(`DROP INDEX "public"."idx_invoices_tenant_customer"`);
        await queryRunner.query(`DROP TABLE "invoices"`);
        await queryRunner.query(`DROP INDEX "public"."uq_tax_rates_tenant_default"`);
        await queryRunner.query(`DROP TABLE "tax_rates"`);
        await queryRunner.query(`DROP INDEX "public"."idx_plans_tenant_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_plans_status_next_billing"`);
        await queryRunner.query(`DROP TABLE "plans"`);
    }

}
