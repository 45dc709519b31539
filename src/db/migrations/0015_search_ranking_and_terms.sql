CREATE TABLE "search_format" (
	"only" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"format" integer NOT NULL,
	CONSTRAINT "search_format_one_row" CHECK ("search_format"."only")
);
--> statement-breakpoint
CREATE TABLE "search_terms" (
	"term" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_search" ADD COLUMN "reference_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_search" ADD COLUMN "title_words" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_search" ADD COLUMN "party_words" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_search" ADD COLUMN "objective_words" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);