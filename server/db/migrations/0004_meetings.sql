CREATE TABLE "meetings_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid,
	"text" text NOT NULL,
	"owner_user_id" uuid,
	"owner_name" text NOT NULL,
	"due_on" date,
	"status" text NOT NULL,
	"done_on" date,
	"task_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meetings_actions_status_check" CHECK ("meetings_actions"."status" in ('open','done','dropped'))
);
--> statement-breakpoint
CREATE TABLE "meetings_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"section" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"detail" text NOT NULL,
	"source_key" text,
	"source_url" text,
	"edited" boolean DEFAULT false NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"minutes" text
);
--> statement-breakpoint
CREATE TABLE "meetings_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"series_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"location" text,
	"status" text NOT NULL,
	"notes" text,
	"agenda_built_at" timestamp with time zone,
	"agenda_sent_at" timestamp with time zone,
	"minutes_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meetings_meetings_status_check" CHECK ("meetings_meetings"."status" in ('planned','held','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "meetings_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"series_id" uuid NOT NULL,
	"person_id" uuid,
	"user_id" uuid,
	"name" text NOT NULL,
	"email" text,
	"role_label" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"cadence_weeks" integer NOT NULL,
	"default_time" text NOT NULL,
	"default_minutes" integer NOT NULL,
	"location" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meetings_series_kind_check" CHECK ("meetings_series"."kind" in ('finance','itmg','other'))
);
--> statement-breakpoint
ALTER TABLE "meetings_actions" ADD CONSTRAINT "meetings_actions_meeting_id_meetings_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_actions" ADD CONSTRAINT "meetings_actions_item_id_meetings_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meetings_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_decisions" ADD CONSTRAINT "meetings_decisions_meeting_id_meetings_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_decisions" ADD CONSTRAINT "meetings_decisions_item_id_meetings_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meetings_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_items" ADD CONSTRAINT "meetings_items_meeting_id_meetings_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_meetings" ADD CONSTRAINT "meetings_meetings_series_id_meetings_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."meetings_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings_members" ADD CONSTRAINT "meetings_members_series_id_meetings_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."meetings_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meetings_actions_meeting_idx" ON "meetings_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_items_meeting_idx" ON "meetings_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_meetings_series_idx" ON "meetings_meetings" USING btree ("series_id","starts_at");