CREATE TABLE "security_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dedup_key" text NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"users" text[] NOT NULL,
	"ips" text[] NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"evidence" jsonb NOT NULL,
	"group_key" text NOT NULL,
	"linked_alert_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"incident_id" uuid,
	"dismiss_reason" text,
	"status_by" text,
	"status_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "security_alerts_status_check" CHECK ("security_alerts"."status" in ('new','acknowledged','dismissed','escalated')),
	CONSTRAINT "security_alerts_severity_check" CHECK ("security_alerts"."severity" in ('info','low','medium','high','critical'))
);
--> statement-breakpoint
CREATE TABLE "security_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text,
	"rows_in" integer NOT NULL,
	"created" integer NOT NULL,
	"rejected" integer NOT NULL,
	"first_ts" timestamp with time zone,
	"last_ts" timestamp with time zone,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_incident_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner" text,
	"due_on" date,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_incident_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"decision" text NOT NULL,
	"rationale" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"detected_at" timestamp with time zone,
	"became_aware_at" timestamp with time zone NOT NULL,
	"contained_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"personal_data" boolean NOT NULL,
	"personal_data_notes" text,
	"data_subjects" text[] NOT NULL,
	"people_affected" integer,
	"ico_decision" text DEFAULT 'pending' NOT NULL,
	"ico_decision_at" timestamp with time zone,
	"ico_reference" text,
	"ico_rationale" text,
	"dpo_name" text,
	"outcome" text,
	"lessons" text,
	"root_cause" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "security_incidents_ico_check" CHECK ("security_incidents"."ico_decision" in ('pending','reported','not_reportable'))
);
--> statement-breakpoint
CREATE TABLE "security_pull_state" (
	"source" text PRIMARY KEY NOT NULL,
	"last_until" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"last_result" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_sigma_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"yaml" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_signin_days" (
	"day" date NOT NULL,
	"source" text NOT NULL,
	"result" text NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "security_signin_days_day_source_result_pk" PRIMARY KEY("day","source","result")
);
--> statement-breakpoint
CREATE TABLE "security_signins" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"event_key" text NOT NULL,
	"user_name" text NOT NULL,
	"user_display" text,
	"user_id" text,
	"ip" text,
	"result" text NOT NULL,
	"error_code" integer,
	"failure_kind" text,
	"failure_reason" text,
	"client_app" text,
	"user_agent" text,
	"auth_requirement" text,
	"auth_protocol" text,
	"mfa_result" text,
	"interactive" boolean,
	"app" text,
	"resource" text,
	"country" text,
	"city" text,
	"lat" double precision,
	"lon" double precision,
	"geo_source" text,
	"asn" integer,
	"device_id" text,
	"device_compliant" boolean,
	"device_trust_type" text,
	"ca_status" text,
	"risk_state" text,
	"event_name" text,
	"import_id" uuid
);
--> statement-breakpoint
CREATE TABLE "security_suppressions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alert_type" text,
	"user_match" text,
	"ip_match" text,
	"owner" text NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"last_hit_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_trips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"travellers" text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_vendor_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"vendor_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"event_type" text NOT NULL,
	"display_name" text NOT NULL,
	"severity" text NOT NULL,
	"alerted" boolean NOT NULL,
	"user_name" text,
	"ip" text,
	"raw" jsonb NOT NULL,
	"import_id" uuid
);
--> statement-breakpoint
ALTER TABLE "security_incident_actions" ADD CONSTRAINT "security_incident_actions_incident_id_security_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."security_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_incident_decisions" ADD CONSTRAINT "security_incident_decisions_incident_id_security_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."security_incidents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "security_alerts_dedup_idx" ON "security_alerts" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "security_alerts_created_idx" ON "security_alerts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "security_alerts_status_idx" ON "security_alerts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "security_incident_decisions_incident_idx" ON "security_incident_decisions" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "security_incidents_ref_idx" ON "security_incidents" USING btree ("ref");--> statement-breakpoint
CREATE UNIQUE INDEX "security_signins_key_idx" ON "security_signins" USING btree ("source","event_key","ts");--> statement-breakpoint
CREATE INDEX "security_signins_ts_idx" ON "security_signins" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "security_signins_user_ts_idx" ON "security_signins" USING btree ("user_name","ts");--> statement-breakpoint
CREATE INDEX "security_signins_ip_ts_idx" ON "security_signins" USING btree ("ip","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "security_vendor_events_key_idx" ON "security_vendor_events" USING btree ("source","vendor_id");