CREATE TABLE "reports_manual_values" (
	"term_starts_on" date NOT NULL,
	"kpi_id" text NOT NULL,
	"value" text NOT NULL,
	"evidence" text NOT NULL,
	"evidence_url" text,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reports_manual_values_term_starts_on_kpi_id_pk" PRIMARY KEY("term_starts_on","kpi_id")
);
--> statement-breakpoint
CREATE TABLE "reports_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"term_starts_on" date NOT NULL,
	"term_ends_on" date NOT NULL,
	"term_name" text NOT NULL,
	"status" text NOT NULL,
	"figures" jsonb NOT NULL,
	"figures_at" timestamp with time zone NOT NULL,
	"narrative" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "reports_reports_term_starts_on_unique" UNIQUE("term_starts_on"),
	CONSTRAINT "reports_reports_status_check" CHECK ("reports_reports"."status" in ('draft','published'))
);
--> statement-breakpoint
CREATE TABLE "reports_snapshots" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL,
	"figures" jsonb NOT NULL,
	"narrative" jsonb NOT NULL,
	"charts" jsonb NOT NULL,
	"docx" "bytea" NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standards_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requirement_id" text NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid,
	"owner_name" text NOT NULL,
	"due_on" date,
	"status" text NOT NULL,
	"task_id" uuid,
	"project_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standards_actions_status_check" CHECK ("standards_actions"."status" in ('open','done','dropped'))
);
--> statement-breakpoint
CREATE TABLE "standards_assessments" (
	"requirement_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"owner_id" uuid,
	"owner_name" text,
	"last_reviewed_on" date,
	"notes" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standards_assessments_status_check" CHECK ("standards_assessments"."status" in ('not_assessed','met','partial','not_met','n_a'))
);
--> statement-breakpoint
CREATE TABLE "standards_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requirement_id" text NOT NULL,
	"original_requirement_id" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"url" text,
	"file_name" text,
	"content_type" text,
	"size" integer,
	"content" "bytea",
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "standards_evidence_kind_check" CHECK ("standards_evidence"."kind" in ('record','link','file'))
);
--> statement-breakpoint
CREATE TABLE "standards_frameworks" (
	"key" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"label" text,
	"benchmark" boolean DEFAULT false NOT NULL,
	"built_in" boolean NOT NULL,
	"in_report" boolean NOT NULL,
	"summary" text NOT NULL,
	"source_url" text,
	"published_on" date,
	"certificate_expires_on" date,
	"next_assessment_on" date,
	"position" integer NOT NULL,
	"adopted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standards_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"requirement_id" text NOT NULL,
	"original_requirement_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"owner_name" text,
	"last_reviewed_on" date
);
--> statement-breakpoint
CREATE TABLE "standards_requirements" (
	"id" text PRIMARY KEY NOT NULL,
	"standard_id" text NOT NULL,
	"text" text NOT NULL,
	"level" text NOT NULL,
	"cadence" text NOT NULL,
	"statutory" boolean NOT NULL,
	"auto_fail" text,
	"evidence_hint" text NOT NULL,
	"links" jsonb NOT NULL,
	"position" integer NOT NULL,
	"retired_in" text,
	"review_state" text,
	CONSTRAINT "standards_requirements_level_check" CHECK ("standards_requirements"."level" in ('must','should')),
	CONSTRAINT "standards_requirements_cadence_check" CHECK ("standards_requirements"."cadence" in ('once','annual','termly','on_change')),
	CONSTRAINT "standards_requirements_review_check" CHECK ("standards_requirements"."review_state" in ('pending','carried','dismissed'))
);
--> statement-breakpoint
CREATE TABLE "standards_standards" (
	"id" text PRIMARY KEY NOT NULL,
	"framework_key" text NOT NULL,
	"title" text NOT NULL,
	"core" boolean NOT NULL,
	"when_to_meet" text NOT NULL,
	"note" text,
	"position" integer NOT NULL,
	"retired_in" text
);
--> statement-breakpoint
CREATE TABLE "standards_upgrades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"framework_key" text NOT NULL,
	"from_version" text NOT NULL,
	"to_version" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports_snapshots" ADD CONSTRAINT "reports_snapshots_report_id_reports_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standards_assessments" ADD CONSTRAINT "standards_assessments_requirement_id_standards_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."standards_requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standards_requirements" ADD CONSTRAINT "standards_requirements_standard_id_standards_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards_standards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standards_standards" ADD CONSTRAINT "standards_standards_framework_key_standards_frameworks_key_fk" FOREIGN KEY ("framework_key") REFERENCES "public"."standards_frameworks"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "standards_actions_requirement_idx" ON "standards_actions" USING btree ("requirement_id");--> statement-breakpoint
CREATE INDEX "standards_evidence_requirement_idx" ON "standards_evidence" USING btree ("requirement_id");--> statement-breakpoint
CREATE INDEX "standards_history_requirement_idx" ON "standards_history" USING btree ("requirement_id","at");--> statement-breakpoint
CREATE INDEX "standards_requirements_standard_idx" ON "standards_requirements" USING btree ("standard_id");--> statement-breakpoint
CREATE INDEX "standards_standards_framework_idx" ON "standards_standards" USING btree ("framework_key");