DROP INDEX "agreements_visibility_idx";--> statement-breakpoint
CREATE INDEX "agreements_catalogue_order_idx" ON "agreements" USING btree ("visibility","signed_on" DESC NULLS LAST,"created_at" DESC NULLS FIRST,"reference");--> statement-breakpoint
CREATE INDEX "agreements_parent_idx" ON "agreements" USING btree ("parent_id");