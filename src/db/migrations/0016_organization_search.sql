CREATE TABLE "organization_search" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"search_text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization_search" ADD CONSTRAINT "organization_search_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_search_words_idx" ON "organization_search" USING gin (to_tsvector('simple', "search_text"));