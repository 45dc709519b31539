CREATE TABLE "document_text_parts" (
	"sha256" text NOT NULL,
	"part" integer NOT NULL,
	"page" integer,
	"text" text NOT NULL,
	"search_text" text NOT NULL,
	CONSTRAINT "document_text_parts_sha256_part_pk" PRIMARY KEY("sha256","part")
);
--> statement-breakpoint
CREATE TABLE "document_texts" (
	"sha256" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"page_count" integer,
	"problem" text,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "document_text_parts" ADD CONSTRAINT "document_text_parts_sha256_document_texts_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."document_texts"("sha256") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_text_parts_words_idx" ON "document_text_parts" USING gin (to_tsvector('simple', "search_text")) WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "activities_words_idx" ON "activities" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "documents_words_idx" ON "documents" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "meetings_words_idx" ON "meetings" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "agreement_search_title_words_idx" ON "agreement_search" USING gin ("title_words") WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "agreement_search_party_words_idx" ON "agreement_search" USING gin ("party_words") WITH (gin_pending_list_limit=256);