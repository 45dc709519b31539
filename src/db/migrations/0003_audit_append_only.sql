-- Audit events are the registry's memory: once written, nothing rewrites or erases them, not even
-- a bug or a hand-typed statement. One statement-level trigger refuses UPDATE, DELETE and TRUNCATE
-- (statement-level, so even an UPDATE that matches no row is refused). Plain plpgsql: PGlite and PostgreSQL.
CREATE OR REPLACE FUNCTION "audit_events_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING HINT = 'Record a new audit event instead of changing or removing one.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();
