ALTER TABLE "audit_events" ADD COLUMN "change_kind" text GENERATED ALWAYS AS (case
          when action like '%.restore' then 'restore'
          when coalesce(changes->'before', 'null'::jsonb) <> 'null'::jsonb
            then case when coalesce(changes->'after', 'null'::jsonb) <> 'null'::jsonb then 'update' else 'delete' end
          when coalesce(changes->'after', 'null'::jsonb) <> 'null'::jsonb then 'create'
        end) STORED;--> statement-breakpoint
CREATE INDEX "audit_change_at_idx" ON "audit_events" USING btree ("change_kind","at","id");