DROP INDEX "organization_search_words_idx";--> statement-breakpoint
ALTER TABLE "organization_search" ADD COLUMN "words" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "organization_search_stored_words_idx" ON "organization_search" USING gin ("words");