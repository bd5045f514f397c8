CREATE TABLE "surveys_bursts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"responses" integer NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	"excluded_by" text,
	"excluded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "surveys_comments" ADD COLUMN "burst_id" uuid;--> statement-breakpoint
ALTER TABLE "surveys_responses" ADD COLUMN "burst_id" uuid;--> statement-breakpoint
ALTER TABLE "surveys_bursts" ADD CONSTRAINT "surveys_bursts_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;