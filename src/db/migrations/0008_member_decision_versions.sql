ALTER TABLE "committee_members" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;