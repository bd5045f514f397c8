CREATE TABLE "wifi_ap_samples" (
	"ts" timestamp with time zone NOT NULL,
	"ap_id" integer NOT NULL,
	"client_count" integer,
	"channel" integer,
	"channel_util" real,
	"interference" real,
	"uptime_s" integer,
	"state" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_aps" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"mac" text,
	"serial" text,
	"school_id" uuid,
	"school_code" text,
	"building_id" uuid,
	"building_code" text,
	"building_name" text,
	"room_id" uuid,
	"room_code" text,
	"floor" text,
	"inventoried" boolean DEFAULT false NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wifi_aps_name_unique" UNIQUE("name"),
	CONSTRAINT "wifi_aps_mac_unique" UNIQUE("mac"),
	CONSTRAINT "wifi_aps_serial_unique" UNIQUE("serial")
);
--> statement-breakpoint
CREATE TABLE "wifi_attempts" (
	"ts" timestamp with time zone NOT NULL,
	"ap_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"ssid" text DEFAULT '' NOT NULL,
	"band" text DEFAULT '' NOT NULL,
	"stage" smallint NOT NULL,
	"ok" boolean NOT NULL,
	"rssi" smallint,
	"latency_ms" integer,
	"reason" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_bins" (
	"bin" timestamp with time zone NOT NULL,
	"ap_id" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"fail_assoc" integer DEFAULT 0 NOT NULL,
	"fail_auth" integer DEFAULT 0 NOT NULL,
	"fail_dhcp" integer DEFAULT 0 NOT NULL,
	"fail_dns" integer DEFAULT 0 NOT NULL,
	"clients" integer DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"weak_samples" integer DEFAULT 0 NOT NULL,
	"retry_samples" integer DEFAULT 0 NOT NULL,
	"ap_clients" integer,
	"channel_util" real,
	"roams" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "wifi_bins_bin_ap_id_pk" PRIMARY KEY("bin","ap_id")
);
--> statement-breakpoint
CREATE TABLE "wifi_client_samples" (
	"ts" timestamp with time zone NOT NULL,
	"device_id" integer NOT NULL,
	"ap_id" integer NOT NULL,
	"ssid" text DEFAULT '' NOT NULL,
	"band" text DEFAULT '' NOT NULL,
	"rssi" smallint,
	"snr" smallint,
	"tx_rate" integer,
	"rx_rate" integer,
	"retry_rate" real,
	"satisfaction" smallint,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_daily" (
	"day" date NOT NULL,
	"ap_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"ssid" text NOT NULL,
	"band" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"fail_assoc" integer DEFAULT 0 NOT NULL,
	"fail_auth" integer DEFAULT 0 NOT NULL,
	"fail_dhcp" integer DEFAULT 0 NOT NULL,
	"fail_dns" integer DEFAULT 0 NOT NULL,
	"connect_ms_sum" bigint DEFAULT 0 NOT NULL,
	"connect_ms_n" integer DEFAULT 0 NOT NULL,
	"slow_connects" integer DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"weak_samples" integer DEFAULT 0 NOT NULL,
	"retry_samples" integer DEFAULT 0 NOT NULL,
	"rssi_sum" bigint DEFAULT 0 NOT NULL,
	"rssi_n" integer DEFAULT 0 NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"short_drops" integer DEFAULT 0 NOT NULL,
	"roams" integer DEFAULT 0 NOT NULL,
	"slow_roams" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "wifi_daily_day_ap_id_device_id_ssid_band_pk" PRIMARY KEY("day","ap_id","device_id","ssid","band")
);
--> statement-breakpoint
CREATE TABLE "wifi_devices" (
	"id" serial PRIMARY KEY NOT NULL,
	"mac" text NOT NULL,
	"randomised" boolean NOT NULL,
	"identity" text,
	"person_id" uuid,
	"person_kind" text,
	"device" text,
	"hostname" text,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "wifi_devices_mac_unique" UNIQUE("mac")
);
--> statement-breakpoint
CREATE TABLE "wifi_fail_bins" (
	"bin" timestamp with time zone NOT NULL,
	"ap_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"ssid" text NOT NULL,
	"band" text NOT NULL,
	"attempts" integer NOT NULL,
	"failures" integer NOT NULL,
	"fail_assoc" integer NOT NULL,
	"fail_auth" integer NOT NULL,
	"fail_dhcp" integer NOT NULL,
	"fail_dns" integer NOT NULL,
	CONSTRAINT "wifi_fail_bins_bin_ap_id_device_id_ssid_band_pk" PRIMARY KEY("bin","ap_id","device_id","ssid","band")
);
--> statement-breakpoint
CREATE TABLE "wifi_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_label" text NOT NULL,
	"rows_in" integer NOT NULL,
	"created" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL,
	"first_ts" timestamp with time zone,
	"last_ts" timestamp with time zone,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_infra_events" (
	"ts" timestamp with time zone NOT NULL,
	"key" text NOT NULL,
	"ap_name" text DEFAULT '' NOT NULL,
	"message" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_roams" (
	"ts" timestamp with time zone NOT NULL,
	"device_id" integer NOT NULL,
	"from_ap_id" integer,
	"to_ap_id" integer NOT NULL,
	"duration_ms" integer,
	"rssi_before" smallint,
	"rssi_after" smallint,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wifi_sessions" (
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"device_id" integer NOT NULL,
	"ap_id" integer NOT NULL,
	"ssid" text DEFAULT '' NOT NULL,
	"duration_s" integer NOT NULL,
	"terminate_cause" text,
	"bytes_in" bigint,
	"bytes_out" bigint,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_ap_samples_key" ON "wifi_ap_samples" USING btree ("ap_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_attempts_key" ON "wifi_attempts" USING btree ("device_id","ts","ap_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_client_samples_key" ON "wifi_client_samples" USING btree ("device_id","ts");--> statement-breakpoint
CREATE INDEX "wifi_daily_device_idx" ON "wifi_daily" USING btree ("device_id","day");--> statement-breakpoint
CREATE INDEX "wifi_devices_identity_idx" ON "wifi_devices" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "wifi_devices_person_idx" ON "wifi_devices" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "wifi_fail_bins_device_idx" ON "wifi_fail_bins" USING btree ("device_id","bin");--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_infra_events_key" ON "wifi_infra_events" USING btree ("ts","key","ap_name");--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_roams_key" ON "wifi_roams" USING btree ("device_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "wifi_sessions_key" ON "wifi_sessions" USING btree ("device_id","started_at","ap_id");