ALTER TABLE "users" ADD COLUMN "translates" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "territories" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;