DROP INDEX "agreements_search_idx";--> statement-breakpoint
-- The generated vector first: it is computed from the text, which cannot go while it is there.
ALTER TABLE "agreements" DROP COLUMN "search_vector";--> statement-breakpoint
ALTER TABLE "agreements" DROP COLUMN "search_text";--> statement-breakpoint
-- A dropped column's values stay in every row until the row is written again: rewrite the
-- table now (CLUSTER, unlike VACUUM FULL, may run in the migration's transaction), so that
-- the rows listings read are small from the start, in the catalogue's order.
CLUSTER "agreements" USING "agreements_catalogue_order_idx";
