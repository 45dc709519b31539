ALTER TABLE "alert_digests" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_digests" ADD COLUMN "next_attempt_at" timestamp with time zone;