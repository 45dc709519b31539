DROP INDEX "indicator_values_review_idx";--> statement-breakpoint
CREATE INDEX "indicator_values_review_queue_idx" ON "indicator_values" USING btree ("entered_at","id") WHERE status = 'submitted';