import { MigrationInterface, QueryRunner } from 'typeorm';

// Webhooks (issue 18): endpoints and their signing secrets, the transactional outbox of events,
// one delivery per (event, endpoint) and the attempts of each delivery (kept 7 days).
export class Webhooks1796180000200 implements MigrationInterface {
  name = 'Webhooks1796180000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_endpoints" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL,
      "url" text NOT NULL, "events" text[] NOT NULL, "description" text,
      "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" text,
      "failed_streak" integer NOT NULL DEFAULT 0,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id"), CONSTRAINT "uq_webhook_endpoints_tenant_id" UNIQUE ("tenant_id", "id"),
      CONSTRAINT "fk_webhook_endpoints_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE TABLE "webhook_secrets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "endpoint_id" uuid NOT NULL,
      "secret" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_webhook_secrets" PRIMARY KEY ("id"),
      CONSTRAINT "fk_webhook_secrets_endpoint" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "webhook_endpoints"("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "idx_webhook_secrets_endpoint" ON "webhook_secrets" ("tenant_id", "endpoint_id")`);
    await q.query(`CREATE TABLE "webhook_events" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL,
      "seq" bigint GENERATED ALWAYS AS IDENTITY, "type" text NOT NULL,
      "actor_kind" text NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_webhook_events" PRIMARY KEY ("id"), CONSTRAINT "uq_webhook_events_tenant_id" UNIQUE ("tenant_id", "id"),
      CONSTRAINT "fk_webhook_events_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "idx_webhook_events_occurred" ON "webhook_events" ("occurred_at")`);
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL,
      "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_seq" bigint NOT NULL,
      "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "leased_until" TIMESTAMP WITH TIME ZONE,
      "last_response_code" integer, "delivered_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"), CONSTRAINT "uq_webhook_deliveries_tenant_id" UNIQUE ("tenant_id", "id"),
      CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')),
      CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "webhook_endpoints"("tenant_id", "id") ON DELETE CASCADE,
      CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("tenant_id", "event_id") REFERENCES "webhook_events"("tenant_id", "id") ON DELETE CASCADE)`);
    // the worker's queue: per endpoint, the oldest pending delivery first
    await q.query(`CREATE INDEX "idx_webhook_deliveries_pending" ON "webhook_deliveries" ("endpoint_id", "event_seq", "created_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "idx_webhook_deliveries_endpoint" ON "webhook_deliveries" ("tenant_id", "endpoint_id", "created_at")`);
    await q.query(`CREATE INDEX "idx_webhook_deliveries_event" ON "webhook_deliveries" ("tenant_id", "event_id")`);
    await q.query(`CREATE TABLE "webhook_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "delivery_id" uuid NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "outcome" text NOT NULL, "duration_ms" integer NOT NULL,
      "response_code" integer, "response_body" text, "error" text,
      CONSTRAINT "pk_webhook_attempts" PRIMARY KEY ("id"),
      CONSTRAINT "fk_webhook_attempts_delivery" FOREIGN KEY ("tenant_id", "delivery_id") REFERENCES "webhook_deliveries"("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "idx_webhook_attempts_delivery" ON "webhook_attempts" ("tenant_id", "delivery_id", "at")`);
    await q.query(`CREATE INDEX "idx_webhook_attempts_at" ON "webhook_attempts" ("at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_secrets', 'webhook_endpoints']) await q.query(`DROP TABLE "${t}"`);
  }
}
