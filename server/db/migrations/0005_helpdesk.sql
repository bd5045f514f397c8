CREATE TABLE "helpdesk_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"cleared_at" timestamp with time zone,
	CONSTRAINT "helpdesk_alerts_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "helpdesk_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"message_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_canned_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"source" text DEFAULT 'belfry' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_label" text NOT NULL,
	"rows_in" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_inbound" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"sender" text NOT NULL,
	"subject" text NOT NULL,
	"source" text NOT NULL,
	"disposition" text NOT NULL,
	"detail" text,
	"ticket_id" uuid,
	CONSTRAINT "helpdesk_inbound_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "helpdesk_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"author_kind" text NOT NULL,
	"author_user_id" uuid,
	"author_email" text,
	"author_name" text NOT NULL,
	"visibility" text NOT NULL,
	"channel" text NOT NULL,
	"body_text" text NOT NULL,
	"body_html" text,
	"message_id" text,
	"in_reply_to" text,
	"refs" text[],
	"auto_kind" text DEFAULT 'none' NOT NULL,
	"raw" text
);
--> statement-breakpoint
CREATE TABLE "helpdesk_outbound" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid,
	"message_id" text NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"failed_at" timestamp with time zone,
	"failure" text,
	CONSTRAINT "helpdesk_outbound_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "helpdesk_sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"priority" text NOT NULL,
	"category" text,
	"response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"counted_days" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpdesk_surveys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"recipient_email" text,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rating" integer,
	"comment" text,
	"consent" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"agent_id" uuid,
	"agent_name" text,
	CONSTRAINT "helpdesk_surveys_ticket_id_unique" UNIQUE("ticket_id"),
	CONSTRAINT "helpdesk_surveys_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "helpdesk_surveys_rating_check" CHECK ("helpdesk_surveys"."rating" is null or "helpdesk_surveys"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "helpdesk_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" serial NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'p3' NOT NULL,
	"category" text DEFAULT 'Other' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"channel" text NOT NULL,
	"requester_email" text,
	"requester_name" text NOT NULL,
	"requester_kind" text DEFAULT 'other' NOT NULL,
	"requester_person_id" uuid,
	"requester_user_id" uuid,
	"collaborators" text[] DEFAULT '{}'::text[] NOT NULL,
	"assignee_id" uuid,
	"assignee_name" text,
	"team" text,
	"school_id" uuid,
	"building_id" uuid,
	"room_id" uuid,
	"location_label" text,
	"asset" text,
	"restricted" boolean DEFAULT false NOT NULL,
	"restricted_to" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"merged_into_id" uuid,
	"linked_to_id" uuid,
	"is_auto" boolean DEFAULT false NOT NULL,
	"external_ref" text,
	"import_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"response_breached" boolean DEFAULT false NOT NULL,
	"resolution_breached" boolean DEFAULT false NOT NULL,
	"sla_paused" boolean DEFAULT false NOT NULL,
	"sla_warned_at" timestamp with time zone,
	"sla_fingerprint" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"agent_replies" integer DEFAULT 0 NOT NULL,
	"conversation" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"public_search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', subject || ' ' || coalesce(asset, '') || ' ' || coalesce(location_label, '') || ' ' || conversation)) STORED,
	"all_search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', subject || ' ' || coalesce(asset, '') || ' ' || coalesce(location_label, '') || ' ' || conversation || ' ' || notes)) STORED,
	CONSTRAINT "helpdesk_tickets_number_unique" UNIQUE("number"),
	CONSTRAINT "helpdesk_tickets_external_ref_unique" UNIQUE("external_ref"),
	CONSTRAINT "helpdesk_tickets_priority_check" CHECK ("helpdesk_tickets"."priority" in ('p1','p2','p3','p4')),
	CONSTRAINT "helpdesk_tickets_status_check" CHECK ("helpdesk_tickets"."status" in ('new','open','waiting_requester','waiting_third_party','resolved','closed','merged'))
);
--> statement-breakpoint
ALTER TABLE "helpdesk_attachments" ADD CONSTRAINT "helpdesk_attachments_ticket_id_helpdesk_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."helpdesk_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helpdesk_events" ADD CONSTRAINT "helpdesk_events_ticket_id_helpdesk_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."helpdesk_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helpdesk_messages" ADD CONSTRAINT "helpdesk_messages_ticket_id_helpdesk_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."helpdesk_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helpdesk_surveys" ADD CONSTRAINT "helpdesk_surveys_ticket_id_helpdesk_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."helpdesk_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "helpdesk_attachments_ticket_idx" ON "helpdesk_attachments" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "helpdesk_events_ticket_idx" ON "helpdesk_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "helpdesk_events_kind_idx" ON "helpdesk_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "helpdesk_inbound_sender_idx" ON "helpdesk_inbound" USING btree ("sender","received_at");--> statement-breakpoint
CREATE INDEX "helpdesk_messages_ticket_idx" ON "helpdesk_messages" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "helpdesk_messages_message_id_idx" ON "helpdesk_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "helpdesk_outbound_recipient_idx" ON "helpdesk_outbound" USING btree ("recipient","kind","at");--> statement-breakpoint
CREATE INDEX "helpdesk_outbound_ticket_idx" ON "helpdesk_outbound" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "helpdesk_sla_policies_key_idx" ON "helpdesk_sla_policies" USING btree ("priority",coalesce("category", ''));--> statement-breakpoint
CREATE INDEX "helpdesk_surveys_sent_idx" ON "helpdesk_surveys" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_status_idx" ON "helpdesk_tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_assignee_idx" ON "helpdesk_tickets" USING btree ("assignee_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_requester_idx" ON "helpdesk_tickets" USING btree ("requester_email","updated_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_collaborators_idx" ON "helpdesk_tickets" USING gin ("collaborators");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_created_idx" ON "helpdesk_tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_updated_idx" ON "helpdesk_tickets" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_due_idx" ON "helpdesk_tickets" USING btree ("resolution_due_at");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_unassigned_idx" ON "helpdesk_tickets" USING btree ("created_at") WHERE assignee_id is null and status in ('new','open','waiting_requester','waiting_third_party');--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_public_search_idx" ON "helpdesk_tickets" USING gin ("public_search");--> statement-breakpoint
CREATE INDEX "helpdesk_tickets_all_search_idx" ON "helpdesk_tickets" USING gin ("all_search");