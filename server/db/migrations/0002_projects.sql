CREATE TABLE "projects_dependencies" (
	"project_id" uuid NOT NULL,
	"depends_on_id" uuid NOT NULL,
	CONSTRAINT "projects_dependencies_project_id_depends_on_id_pk" PRIMARY KEY("project_id","depends_on_id")
);
--> statement-breakpoint
CREATE TABLE "projects_initiatives" (
	"id" uuid PRIMARY KEY NOT NULL,
	"objective_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date
);
--> statement-breakpoint
CREATE TABLE "projects_objectives" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "projects_objectives_status_check" CHECK ("projects_objectives"."status" in ('draft','published','retired'))
);
--> statement-breakpoint
CREATE TABLE "projects_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"staff_summary" text,
	"owner_id" uuid,
	"owner_name" text NOT NULL,
	"status" text NOT NULL,
	"rag" text NOT NULL,
	"rag_reason" text,
	"capital_budget" bigint DEFAULT 0 NOT NULL,
	"capital_committed" bigint DEFAULT 0 NOT NULL,
	"capital_spent" bigint DEFAULT 0 NOT NULL,
	"revenue_budget" bigint DEFAULT 0 NOT NULL,
	"revenue_committed" bigint DEFAULT 0 NOT NULL,
	"revenue_spent" bigint DEFAULT 0 NOT NULL,
	"objective_id" uuid,
	"initiative_id" uuid,
	"start_on" date,
	"target_on" date,
	"completed_on" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "projects_projects_status_check" CHECK ("projects_projects"."status" in ('proposed','planned','active','on_hold','completed','cancelled')),
	CONSTRAINT "projects_projects_rag_check" CHECK ("projects_projects"."rag" in ('green','amber','red'))
);
--> statement-breakpoint
CREATE TABLE "projects_risk_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"risk_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"note" text,
	"actor_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects_risks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"owner_id" uuid,
	"owner_name" text NOT NULL,
	"mitigations" jsonb NOT NULL,
	"review_on" date NOT NULL,
	"review_every_days" integer NOT NULL,
	"status" text NOT NULL,
	"objective_id" uuid,
	"project_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "projects_risks_category_check" CHECK ("projects_risks"."category" in ('cyber','infrastructure','data','supplier')),
	CONSTRAINT "projects_risks_score_check" CHECK ("projects_risks"."likelihood" between 1 and 5 and "projects_risks"."impact" between 1 and 5),
	CONSTRAINT "projects_risks_status_check" CHECK ("projects_risks"."status" in ('open','closed'))
);
--> statement-breakpoint
CREATE TABLE "projects_strategy" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"vision" text NOT NULL,
	"period" text NOT NULL,
	"reviewed_on" date,
	"next_review_on" date,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_label" text NOT NULL,
	"kind" text NOT NULL,
	"changed" jsonb NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"rag" text NOT NULL,
	"rag_reason" text,
	"capital_budget" bigint DEFAULT 0 NOT NULL,
	"capital_committed" bigint DEFAULT 0 NOT NULL,
	"capital_spent" bigint DEFAULT 0 NOT NULL,
	"revenue_budget" bigint DEFAULT 0 NOT NULL,
	"revenue_committed" bigint DEFAULT 0 NOT NULL,
	"revenue_spent" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects_dependencies" ADD CONSTRAINT "projects_dependencies_project_id_projects_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_dependencies" ADD CONSTRAINT "projects_dependencies_depends_on_id_projects_projects_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "public"."projects_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_initiatives" ADD CONSTRAINT "projects_initiatives_objective_id_projects_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."projects_objectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_milestones" ADD CONSTRAINT "projects_milestones_project_id_projects_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_projects" ADD CONSTRAINT "projects_projects_objective_id_projects_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."projects_objectives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_projects" ADD CONSTRAINT "projects_projects_initiative_id_projects_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."projects_initiatives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_risk_history" ADD CONSTRAINT "projects_risk_history_risk_id_projects_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."projects_risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_risks" ADD CONSTRAINT "projects_risks_objective_id_projects_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."projects_objectives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_risks" ADD CONSTRAINT "projects_risks_project_id_projects_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_updates" ADD CONSTRAINT "projects_updates_project_id_projects_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "projects_milestones_due_idx" ON "projects_milestones" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "projects_risk_history_idx" ON "projects_risk_history" USING btree ("risk_id","at");--> statement-breakpoint
CREATE INDEX "projects_updates_project_idx" ON "projects_updates" USING btree ("project_id","at");