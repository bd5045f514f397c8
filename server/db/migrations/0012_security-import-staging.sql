CREATE TABLE "security_import_days" (
	"import_id" uuid NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"result" text NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "security_import_days_import_id_day_source_result_pk" PRIMARY KEY("import_id","day","source","result")
);
--> statement-breakpoint
ALTER TABLE "security_imports" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "security_imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "security_imports" ADD COLUMN "first_row_id" bigint;--> statement-breakpoint
ALTER TABLE "security_imports" ADD COLUMN "last_row_id" bigint;