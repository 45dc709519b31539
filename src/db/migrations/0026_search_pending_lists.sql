DROP INDEX "activities_words_idx";--> statement-breakpoint
DROP INDEX "documents_words_idx";--> statement-breakpoint
DROP INDEX "meetings_words_idx";--> statement-breakpoint
DROP INDEX "organization_search_stored_words_idx";--> statement-breakpoint
CREATE INDEX "activities_words_idx" ON "activities" USING gin (to_tsvector('simple', "search_text")) WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "documents_words_idx" ON "documents" USING gin (to_tsvector('simple', "search_text")) WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "meetings_words_idx" ON "meetings" USING gin (to_tsvector('simple', "search_text")) WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "organization_search_stored_words_idx" ON "organization_search" USING gin ("words") WITH (gin_pending_list_limit=256);