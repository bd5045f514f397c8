CREATE TABLE "surveys_answers" (
	"response_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"scale_id" text,
	"code" integer,
	"options" jsonb,
	CONSTRAINT "surveys_answers_response_id_item_id_pk" PRIMARY KEY("response_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "surveys_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"body" text NOT NULL,
	"review" text NOT NULL,
	"theme" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "surveys_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"format" text NOT NULL,
	"manifest_version" integer NOT NULL,
	"importer_version" text NOT NULL,
	"rows_in" integer NOT NULL,
	"created" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL,
	"report" jsonb NOT NULL,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys_instruments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"audience" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"collection" text DEFAULT 'shared' NOT NULL,
	"share_token" text,
	"smiley_years" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eligible" jsonb NOT NULL,
	"manifest" jsonb,
	"manifest_version" integer DEFAULT 0 NOT NULL,
	"comms" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_instruments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "surveys_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"wording" text NOT NULL,
	"scale_id" text,
	"options" jsonb,
	"allow_not_used" boolean DEFAULT false NOT NULL,
	"source_header" text,
	"question_id" uuid,
	"comparability" text,
	"mapping_notes" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "surveys_items_kind_check" CHECK ("surveys_items"."kind" in ('scale','choice','multi','text','segment'))
);
--> statement-breakpoint
CREATE TABLE "surveys_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" text NOT NULL,
	"recipients" jsonb NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "surveys_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"construct" text NOT NULL,
	"wording" text NOT NULL,
	"scale_id" text NOT NULL,
	"polarity" integer DEFAULT 1 NOT NULL,
	"audiences" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_questions_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "surveys_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"source_key" text NOT NULL,
	"segment" text,
	"submitted_at" timestamp with time zone,
	"import_id" uuid
);
--> statement-breakpoint
CREATE TABLE "surveys_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"batch" integer NOT NULL,
	"used" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "surveys_answers" ADD CONSTRAINT "surveys_answers_response_id_surveys_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."surveys_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_answers" ADD CONSTRAINT "surveys_answers_item_id_surveys_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."surveys_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_comments" ADD CONSTRAINT "surveys_comments_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_comments" ADD CONSTRAINT "surveys_comments_item_id_surveys_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."surveys_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_imports" ADD CONSTRAINT "surveys_imports_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_items" ADD CONSTRAINT "surveys_items_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_items" ADD CONSTRAINT "surveys_items_question_id_surveys_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."surveys_questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_messages" ADD CONSTRAINT "surveys_messages_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_responses" ADD CONSTRAINT "surveys_responses_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys_tokens" ADD CONSTRAINT "surveys_tokens_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surveys_answers_item_idx" ON "surveys_answers" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "surveys_comments_instrument_idx" ON "surveys_comments" USING btree ("instrument_id","review");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_instruments_audience_year_idx" ON "surveys_instruments" USING btree ("audience","year");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_instruments_share_idx" ON "surveys_instruments" USING btree ("share_token");--> statement-breakpoint
CREATE INDEX "surveys_items_instrument_idx" ON "surveys_items" USING btree ("instrument_id","position");--> statement-breakpoint
CREATE INDEX "surveys_items_question_idx" ON "surveys_items" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_messages_kind_idx" ON "surveys_messages" USING btree ("instrument_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_responses_key_idx" ON "surveys_responses" USING btree ("instrument_id","source_key");--> statement-breakpoint
CREATE INDEX "surveys_tokens_instrument_idx" ON "surveys_tokens" USING btree ("instrument_id");