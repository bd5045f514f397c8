CREATE TABLE "accounts_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"method" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "accounts_sign_in_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts_users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text,
	"person_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	CONSTRAINT "accounts_users_role_check" CHECK ("accounts_users"."role" in ('admin','it','slt','staff','pupil'))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"summary" text NOT NULL,
	"details" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "calendar_bank_holidays" (
	"division" text NOT NULL,
	"date" date NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "calendar_bank_holidays_division_date_pk" PRIMARY KEY("division","date")
);
--> statement-breakpoint
CREATE TABLE "calendar_business_hours" (
	"school_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	CONSTRAINT "calendar_business_hours_school_id_weekday_pk" PRIMARY KEY("school_id","weekday"),
	CONSTRAINT "calendar_hours_weekday_check" CHECK ("calendar_business_hours"."weekday" between 1 and 7)
);
--> statement-breakpoint
CREATE TABLE "calendar_closures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	CONSTRAINT "calendar_closures_kind_check" CHECK ("calendar_closures"."kind" in ('half_term','inset','holiday','closure')),
	CONSTRAINT "calendar_closures_order_check" CHECK ("calendar_closures"."ends_on" >= "calendar_closures"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "calendar_terms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"academic_year" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	CONSTRAINT "calendar_terms_order_check" CHECK ("calendar_terms"."ends_on" >= "calendar_terms"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "directory_buildings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_group_members" (
	"group_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "directory_group_members_group_id_person_id_pk" PRIMARY KEY("group_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "directory_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'custom' NOT NULL,
	"school_id" uuid,
	CONSTRAINT "directory_groups_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "directory_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_label" text NOT NULL,
	"rows_in" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"preferred_name" text,
	"email" text,
	"school_id" uuid,
	"year_group" integer,
	"house" text,
	"tutor_group" text,
	"job_title" text,
	"department" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"left_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_people_kind_check" CHECK ("directory_people"."kind" in ('staff','pupil'))
);
--> statement-breakpoint
CREATE TABLE "directory_rooms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"building_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"floor" text
);
--> statement-breakpoint
CREATE TABLE "directory_schools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"phase" text DEFAULT 'other' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_schools_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "jobs_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"message" text,
	"result" jsonb,
	"error" text,
	"error_details" jsonb,
	"created_by_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings_app_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"icon" text DEFAULT 'link' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"roles" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings_values" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts_sessions" ADD CONSTRAINT "accounts_sessions_user_id_accounts_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_buildings" ADD CONSTRAINT "directory_buildings_school_id_directory_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."directory_schools"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_group_id_directory_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."directory_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_person_id_directory_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."directory_people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_school_id_directory_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."directory_schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_people" ADD CONSTRAINT "directory_people_school_id_directory_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."directory_schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_rooms" ADD CONSTRAINT "directory_rooms_building_id_directory_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."directory_buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_sessions_user_idx" ON "accounts_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "accounts_sessions_expires_idx" ON "accounts_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "accounts_attempts_email_idx" ON "accounts_sign_in_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "accounts_attempts_ip_idx" ON "accounts_sign_in_attempts" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_users_email_idx" ON "accounts_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "calendar_closures_dates_idx" ON "calendar_closures" USING btree ("starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "calendar_terms_dates_idx" ON "calendar_terms" USING btree ("starts_on","ends_on");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_buildings_code_idx" ON "directory_buildings" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "directory_group_members_person_idx" ON "directory_group_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_people_external_idx" ON "directory_people" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_people_email_idx" ON "directory_people" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "directory_people_school_idx" ON "directory_people" USING btree ("school_id","kind","year_group");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_rooms_code_idx" ON "directory_rooms" USING btree ("building_id","code");--> statement-breakpoint
CREATE INDEX "jobs_runs_created_idx" ON "jobs_runs" USING btree ("created_at");