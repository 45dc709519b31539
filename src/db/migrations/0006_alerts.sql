CREATE TABLE "alert_deliveries" (
	"alert_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"stage" integer NOT NULL,
	"digest_id" uuid NOT NULL,
	CONSTRAINT "alert_deliveries_alert_id_user_id_stage_pk" PRIMARY KEY("alert_id","user_id","stage")
);
--> statement-breakpoint
CREATE TABLE "alert_digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"digest_on" date NOT NULL,
	"to_address" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"item_count" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_preferences" (
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"delivery" text NOT NULL,
	CONSTRAINT "alert_preferences_user_id_kind_pk" PRIMARY KEY("user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"kind" text PRIMARY KEY NOT NULL,
	"lead_days" integer[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_runs" (
	"run_on" date PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened" integer NOT NULL,
	"resolved" integer NOT NULL,
	"open" integer NOT NULL,
	"digests" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_user_states" (
	"alert_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"acknowledged_stage" integer,
	"acknowledged_at" timestamp with time zone,
	"snoozed_until" date,
	CONSTRAINT "alert_user_states_alert_id_user_id_pk" PRIMARY KEY("alert_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"occurrence" text NOT NULL,
	"agreement_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"stage" integer NOT NULL,
	"subject_title" jsonb NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"record_path" text NOT NULL,
	"organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"owner_user_id" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_digest_id_alert_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."alert_digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_preferences" ADD CONSTRAINT "alert_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_user_states" ADD CONSTRAINT "alert_user_states_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_user_states" ADD CONSTRAINT "alert_user_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_digest_idx" ON "alert_deliveries" USING btree ("digest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_digests_user_day_uq" ON "alert_digests" USING btree ("user_id","digest_on");--> statement-breakpoint
CREATE INDEX "alert_digests_pending_idx" ON "alert_digests" USING btree ("created_at") WHERE "alert_digests"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "alert_user_states_user_idx" ON "alert_user_states" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_cause_uq" ON "alerts" USING btree ("kind","subject_id","occurrence");--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("due_on") WHERE "alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_agreement_idx" ON "alerts" USING btree ("agreement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_uq" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_active_user_uq" ON "calendar_feeds" USING btree ("user_id") WHERE "calendar_feeds"."revoked_at" is null;