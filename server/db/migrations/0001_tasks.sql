CREATE TABLE "tasks_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"due_on" date,
	"priority" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"owner_id" uuid NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"source_module" text,
	"source_kind" text,
	"source_id" text,
	"source_label" text,
	"source_url" text,
	"recurrence_id" uuid,
	"occurrence_on" date,
	CONSTRAINT "tasks_items_status_check" CHECK ("tasks_items"."status" in ('open','done','cancelled')),
	CONSTRAINT "tasks_items_priority_check" CHECK ("tasks_items"."priority" in ('low','normal','high','urgent'))
);
--> statement-breakpoint
CREATE TABLE "tasks_recurrences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"priority" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"weekday" integer,
	"interval" integer DEFAULT 1 NOT NULL,
	"day_of_month" integer,
	"school_days_before" integer DEFAULT 0 NOT NULL,
	"term_only" boolean DEFAULT false NOT NULL,
	"school_id" uuid,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"lead_days" integer DEFAULT 7 NOT NULL,
	"generated_through" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tasks_recurrences_rule_check" CHECK ("tasks_recurrences"."rule" in ('weekly','monthly','term_end')),
	CONSTRAINT "tasks_recurrences_priority_check" CHECK ("tasks_recurrences"."priority" in ('low','normal','high','urgent'))
);
--> statement-breakpoint
ALTER TABLE "tasks_items" ADD CONSTRAINT "tasks_items_recurrence_id_tasks_recurrences_id_fk" FOREIGN KEY ("recurrence_id") REFERENCES "public"."tasks_recurrences"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_items_owner_idx" ON "tasks_items" USING btree ("owner_id","status","due_on");--> statement-breakpoint
CREATE INDEX "tasks_items_source_idx" ON "tasks_items" USING btree ("source_module","source_kind","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_items_occurrence_idx" ON "tasks_items" USING btree ("recurrence_id","occurrence_on");