CREATE TABLE "briefings_briefings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"week" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"drafted_at" timestamp with time zone NOT NULL,
	"drafted_by" text NOT NULL,
	"current_revision_id" uuid,
	"published_at" timestamp with time zone,
	"shared_with_slt" boolean DEFAULT false NOT NULL,
	"shared_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "briefings_briefings_status_check" CHECK ("briefings_briefings"."status" in ('draft','published','correcting'))
);
--> statement-breakpoint
CREATE TABLE "briefings_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"revision_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"recipients" text[] NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by" text NOT NULL,
	CONSTRAINT "briefings_deliveries_audience_check" CHECK ("briefings_deliveries"."audience" in ('team','slt'))
);
--> statement-breakpoint
CREATE TABLE "briefings_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"source_module" text,
	"source_kind" text,
	"source_id" text,
	"source_label" text,
	"source_url" text,
	"briefing_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefings_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "briefings_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"briefing_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"markdown" text NOT NULL,
	"sections" jsonb NOT NULL,
	"html" text NOT NULL,
	"search_text" text NOT NULL,
	"note" text,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', search_text), 'B') || setweight(to_tsvector('english', regexp_replace(title || ' ' || search_text, '(\w)-(\w)', '\1\2', 'g')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "briefings_sections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"briefing_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"feeds" text[] DEFAULT '{}'::text[] NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"markdown" text DEFAULT '' NOT NULL,
	"generated" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"generated_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefings_template" (
	"key" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"feeds" text[] DEFAULT '{}'::text[] NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefings_useful" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags_text" text DEFAULT '' NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', tags_text), 'A') || setweight(to_tsvector('english', body_text), 'B') || setweight(to_tsvector('english', regexp_replace(title || ' ' || tags_text || ' ' || body_text, '(\w)-(\w)', '\1\2', 'g')), 'C')) STORED
);
--> statement-breakpoint
ALTER TABLE "briefings_deliveries" ADD CONSTRAINT "briefings_deliveries_revision_id_briefings_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."briefings_revisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings_notes" ADD CONSTRAINT "briefings_notes_briefing_id_briefings_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings_briefings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings_revisions" ADD CONSTRAINT "briefings_revisions_briefing_id_briefings_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings_briefings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings_sections" ADD CONSTRAINT "briefings_sections_briefing_id_briefings_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings_briefings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_briefings_week_idx" ON "briefings_briefings" USING btree ("week");--> statement-breakpoint
CREATE INDEX "briefings_deliveries_revision_idx" ON "briefings_deliveries" USING btree ("revision_id");--> statement-breakpoint
CREATE INDEX "briefings_notes_briefing_idx" ON "briefings_notes" USING btree ("briefing_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_revisions_number_idx" ON "briefings_revisions" USING btree ("briefing_id","number");--> statement-breakpoint
CREATE INDEX "briefings_revisions_search_idx" ON "briefings_revisions" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_sections_key_idx" ON "briefings_sections" USING btree ("briefing_id","key");--> statement-breakpoint
CREATE INDEX "briefings_useful_search_idx" ON "briefings_useful" USING gin ("search");--> statement-breakpoint
CREATE INDEX "briefings_useful_tags_idx" ON "briefings_useful" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "briefings_useful_updated_idx" ON "briefings_useful" USING btree ("updated_at");