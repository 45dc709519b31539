-- The search text moves to agreement_search (0009 made it; 0011 drops the old columns): carry
-- every agreement's text and visibility over, so that search finds what it found before.
INSERT INTO "agreement_search" ("agreement_id", "visibility", "search_text")
  SELECT "id", "visibility", "search_text" FROM "agreements";
--> statement-breakpoint
-- The search row carries the agreement's visibility, so the public's search needs no join:
-- every change of an agreement's visibility, by whatever statement, is copied at once.
CREATE OR REPLACE FUNCTION "agreement_search_follow_visibility"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "agreement_search" SET "visibility" = NEW."visibility" WHERE "agreement_id" = NEW."id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "agreement_search_follow_visibility"
  AFTER UPDATE OF "visibility" ON "agreements"
  FOR EACH ROW WHEN (OLD."visibility" IS DISTINCT FROM NEW."visibility")
  EXECUTE FUNCTION "agreement_search_follow_visibility"();
--> statement-breakpoint
-- agreement_counts: how many agreements of each visibility and status, so that a total
-- reads a few rows instead of counting the table on every request. Statement-level triggers
-- with transition tables: a bulk insert of thousands of agreements changes each count once.
-- The rows are changed in one order (visibility, status), so that two transactions moving
-- agreements between the same counts wait for each other rather than deadlock. A count row
-- stays locked until its transaction ends: concurrent writers of agreements of the same
-- visibility and status take turns (agreements are written by the staff, a few at a time).
INSERT INTO "agreement_counts" ("visibility", "status", "count")
  SELECT "visibility", "status", count(*)::int FROM "agreements" GROUP BY "visibility", "status";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "agreement_counts_follow"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- plpgsql plans a statement when it first runs it: each names only the transition tables its operation has.
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "agreement_counts";
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "agreement_counts" AS c ("visibility", "status", "count")
      SELECT "visibility", "status", count(*)::int FROM "added"
      GROUP BY "visibility", "status" ORDER BY "visibility", "status"
      ON CONFLICT ("visibility", "status") DO UPDATE SET "count" = c."count" + excluded."count";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "agreement_counts" AS c ("visibility", "status", "count")
      SELECT "visibility", "status", -count(*)::int FROM "removed"
      GROUP BY "visibility", "status" ORDER BY "visibility", "status"
      ON CONFLICT ("visibility", "status") DO UPDATE SET "count" = c."count" + excluded."count";
  ELSE
    -- Most updates change neither: nothing is written, no count row is locked.
    INSERT INTO "agreement_counts" AS c ("visibility", "status", "count")
      SELECT "visibility", "status", sum("change")::int FROM (
        SELECT "visibility", "status", 1 AS "change" FROM "added"
        UNION ALL
        SELECT "visibility", "status", -1 AS "change" FROM "removed"
      ) AS "changes"
      GROUP BY "visibility", "status" HAVING sum("change") <> 0 ORDER BY "visibility", "status"
      ON CONFLICT ("visibility", "status") DO UPDATE SET "count" = c."count" + excluded."count";
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "agreement_counts_insert" AFTER INSERT ON "agreements"
  REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "agreement_counts_follow"();
--> statement-breakpoint
CREATE TRIGGER "agreement_counts_update" AFTER UPDATE ON "agreements"
  REFERENCING OLD TABLE AS "removed" NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "agreement_counts_follow"();
--> statement-breakpoint
CREATE TRIGGER "agreement_counts_delete" AFTER DELETE ON "agreements"
  REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "agreement_counts_follow"();
--> statement-breakpoint
CREATE TRIGGER "agreement_counts_truncate" AFTER TRUNCATE ON "agreements"
  FOR EACH STATEMENT EXECUTE FUNCTION "agreement_counts_follow"();
