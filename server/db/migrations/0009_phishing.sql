CREATE TABLE "phishing_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"state" text NOT NULL,
	"lure_ids" jsonb NOT NULL,
	"group_ids" jsonb NOT NULL,
	"profile_id" uuid,
	"landing_mode" text NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"send_from" text NOT NULL,
	"send_until" text NOT NULL,
	"spread" boolean NOT NULL,
	"seed" integer NOT NULL,
	"retention_days" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"sender_id" text,
	"sender_lease_until" timestamp with time zone,
	"snapshot" jsonb,
	"aggregates" jsonb,
	"commentary" text DEFAULT '' NOT NULL,
	CONSTRAINT "phishing_campaigns_state_check" CHECK ("phishing_campaigns"."state" in ('draft','scheduled','sending','live','closed','archived'))
);
--> statement-breakpoint
CREATE TABLE "phishing_exclusions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_on" date NOT NULL,
	"until_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "phishing_interactions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"method" text,
	"ip_prefix" text,
	"ip_hash" text,
	"ua_family" text,
	"classification" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"seconds_after_delivery" real,
	"fields_filled" integer,
	"late" boolean NOT NULL,
	CONSTRAINT "phishing_interactions_kind_check" CHECK ("phishing_interactions"."kind" in ('open','click','beacon','submit','report')),
	CONSTRAINT "phishing_interactions_class_check" CHECK ("phishing_interactions"."classification" in ('human_confirmed','likely_human','uncertain','automated'))
);
--> statement-breakpoint
CREATE TABLE "phishing_lures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"starter_key" text,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"sender_name" text NOT NULL,
	"sender_address" text NOT NULL,
	"pretext" text NOT NULL,
	"technique" text NOT NULL,
	"theme" text NOT NULL,
	"document_name" text,
	"cues" jsonb NOT NULL,
	"premise_alignment" text NOT NULL,
	"difficulty" text NOT NULL,
	"ethics_flags" jsonb NOT NULL,
	"sign_off" jsonb,
	"teachable" jsonb NOT NULL,
	"lesson" text NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_mail_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"recipient_id" uuid,
	"campaign_id" uuid,
	"matched_by" text,
	"status" text NOT NULL,
	"review_note" text,
	"reviewed_by" text
);
--> statement-breakpoint
CREATE TABLE "phishing_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"secure" boolean NOT NULL,
	"username" text,
	"password_enc" text,
	"envelope_from" text NOT NULL,
	"header_name" text NOT NULL,
	"per_minute" integer NOT NULL,
	"per_day" integer NOT NULL,
	"jitter_seconds" integer NOT NULL,
	"max_connections" integer NOT NULL,
	"retry_min_seconds" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "phishing_profiles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "phishing_recipients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"person_id" uuid,
	"email" text NOT NULL,
	"first_name" text NOT NULL,
	"display_name" text NOT NULL,
	"group_id" uuid,
	"group_name" text NOT NULL,
	"lure_id" uuid NOT NULL,
	"token" text NOT NULL,
	"status" text NOT NULL,
	"send_order" integer NOT NULL,
	"not_before" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"backoffs" jsonb NOT NULL,
	"last_error" text,
	"message_id" text NOT NULL,
	"smtp_accepted_at" timestamp with time zone,
	"excluded_reason" text,
	CONSTRAINT "phishing_recipients_status_check" CHECK ("phishing_recipients"."status" in ('queued','sending','retrying','accepted','failed','cancelled','excluded'))
);
--> statement-breakpoint
CREATE TABLE "phishing_reclassifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"interaction_id" bigint NOT NULL,
	"campaign_id" uuid NOT NULL,
	"classification" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"reason" text NOT NULL,
	"by_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_training" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"token" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"mailed_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "phishing_webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delays" jsonb NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_status" integer
);
--> statement-breakpoint
CREATE TABLE "phishing_webhooks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phishing_campaigns" ADD CONSTRAINT "phishing_campaigns_profile_id_phishing_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."phishing_profiles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_recipients" ADD CONSTRAINT "phishing_recipients_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_training" ADD CONSTRAINT "phishing_training_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_webhook_deliveries" ADD CONSTRAINT "phishing_webhook_deliveries_webhook_id_phishing_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."phishing_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "phishing_exclusions_person_idx" ON "phishing_exclusions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "phishing_interactions_recipient_idx" ON "phishing_interactions" USING btree ("recipient_id","at");--> statement-breakpoint
CREATE INDEX "phishing_interactions_campaign_idx" ON "phishing_interactions" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE INDEX "phishing_interactions_ip_idx" ON "phishing_interactions" USING btree ("ip_hash","at");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_lures_starter_idx" ON "phishing_lures" USING btree ("starter_key");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_mail_reports_dedupe_idx" ON "phishing_mail_reports" USING btree ("dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_recipients_token_idx" ON "phishing_recipients" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_recipients_email_idx" ON "phishing_recipients" USING btree ("campaign_id",lower("email"));--> statement-breakpoint
CREATE INDEX "phishing_recipients_outbox_idx" ON "phishing_recipients" USING btree ("campaign_id","status","send_order");--> statement-breakpoint
CREATE INDEX "phishing_reclassifications_interaction_idx" ON "phishing_reclassifications" USING btree ("interaction_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_training_token_idx" ON "phishing_training" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_training_once_idx" ON "phishing_training" USING btree ("recipient_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_webhook_deliveries_key_idx" ON "phishing_webhook_deliveries" USING btree ("webhook_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "phishing_webhook_deliveries_due_idx" ON "phishing_webhook_deliveries" USING btree ("delivered_at","next_attempt_at");