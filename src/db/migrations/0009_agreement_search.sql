CREATE TABLE "agreement_counts" (
	"visibility" text NOT NULL,
	"status" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "agreement_counts_visibility_status_pk" PRIMARY KEY("visibility","status")
);
--> statement-breakpoint
CREATE TABLE "agreement_search" (
	"agreement_id" uuid PRIMARY KEY NOT NULL,
	"visibility" text NOT NULL,
	"search_text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_search" ADD CONSTRAINT "agreement_search_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_search_words_idx" ON "agreement_search" USING gin (to_tsvector('simple', "search_text")) WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "agreements_order_idx" ON "agreements" USING btree ("signed_on" DESC NULLS LAST,"created_at" DESC NULLS FIRST,"reference");