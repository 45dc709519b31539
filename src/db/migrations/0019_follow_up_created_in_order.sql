ALTER TABLE "action_plans" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
ALTER TABLE "activities" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
ALTER TABLE "indicators" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();