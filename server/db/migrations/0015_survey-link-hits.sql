CREATE TABLE "surveys_link_hits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"client_key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"burst_id" uuid
);
--> statement-breakpoint
ALTER TABLE "surveys_link_hits" ADD CONSTRAINT "surveys_link_hits_instrument_id_surveys_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."surveys_instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surveys_link_hits_key_idx" ON "surveys_link_hits" USING btree ("client_key","at");--> statement-breakpoint
CREATE INDEX "surveys_link_hits_at_idx" ON "surveys_link_hits" USING btree ("at");