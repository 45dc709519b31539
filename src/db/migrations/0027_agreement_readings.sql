CREATE TABLE "agreement_readings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"status" text NOT NULL,
	"pages_read" integer,
	"page_count" integer,
	"problem" text,
	"proposals" jsonb NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" uuid,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agreement_readings" ADD CONSTRAINT "agreement_readings_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_readings_created_idx" ON "agreement_readings" USING btree ("created_at");