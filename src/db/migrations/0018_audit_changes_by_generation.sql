ALTER TABLE "audit_events" ADD COLUMN "generation" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "agreement_id" text;--> statement-breakpoint
CREATE INDEX "audit_generation_idx" ON "audit_events" USING btree ("generation");