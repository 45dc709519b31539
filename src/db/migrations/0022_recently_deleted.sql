CREATE TABLE "deleted_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"agreement_id" text,
	"label" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	"detached" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deleted_by" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"restored_by" text,
	"restored_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "deleted_records_at_idx" ON "deleted_records" USING btree ("deleted_at");--> statement-breakpoint
CREATE INDEX "deleted_records_record_idx" ON "deleted_records" USING btree ("kind","record_id");--> statement-breakpoint
CREATE INDEX "audit_agreement_at_idx" ON "audit_events" USING btree ("agreement_id","at");