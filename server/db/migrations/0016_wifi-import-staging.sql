CREATE TABLE "wifi_import_ap_map" (
	"import_id" uuid NOT NULL,
	"key" text NOT NULL,
	"ap_id" integer NOT NULL,
	CONSTRAINT "wifi_import_ap_map_import_id_key_pk" PRIMARY KEY("import_id","key")
);
--> statement-breakpoint
CREATE TABLE "wifi_import_bins" (
	"import_id" uuid NOT NULL,
	"bin" timestamp with time zone NOT NULL,
	"ap_id" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"fail_assoc" integer DEFAULT 0 NOT NULL,
	"fail_auth" integer DEFAULT 0 NOT NULL,
	"fail_dhcp" integer DEFAULT 0 NOT NULL,
	"fail_dns" integer DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"weak_samples" integer DEFAULT 0 NOT NULL,
	"retry_samples" integer DEFAULT 0 NOT NULL,
	"ap_clients" integer,
	"channel_util" real,
	"roams" integer DEFAULT 0 NOT NULL,
	"devices" integer[],
	CONSTRAINT "wifi_import_bins_import_id_bin_ap_id_pk" PRIMARY KEY("import_id","bin","ap_id")
);
--> statement-breakpoint
CREATE TABLE "wifi_import_daily" (
	"import_id" uuid NOT NULL,
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
	CONSTRAINT "wifi_import_daily_import_id_day_ap_id_device_id_ssid_band_pk" PRIMARY KEY("import_id","day","ap_id","device_id","ssid","band")
);
--> statement-breakpoint
CREATE TABLE "wifi_import_devices" (
	"import_id" uuid NOT NULL,
	"mac" text NOT NULL,
	"identity" text,
	"identity_at" timestamp with time zone,
	"device" text,
	"device_at" timestamp with time zone,
	"hostname" text,
	"hostname_at" timestamp with time zone,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "wifi_import_devices_import_id_mac_pk" PRIMARY KEY("import_id","mac")
);
--> statement-breakpoint
CREATE TABLE "wifi_import_fail_bins" (
	"import_id" uuid NOT NULL,
	"bin" timestamp with time zone NOT NULL,
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
	CONSTRAINT "wifi_import_fail_bins_import_id_bin_ap_id_device_id_ssid_band_pk" PRIMARY KEY("import_id","bin","ap_id","device_id","ssid","band")
);
--> statement-breakpoint
ALTER TABLE "wifi_ap_samples" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "wifi_aps" ADD COLUMN "created_by_import" uuid;--> statement-breakpoint
ALTER TABLE "wifi_attempts" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "wifi_client_samples" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "wifi_devices" ADD COLUMN "created_by_import" uuid;--> statement-breakpoint
ALTER TABLE "wifi_imports" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "wifi_imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wifi_infra_events" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "wifi_roams" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "wifi_sessions" ADD COLUMN "import_id" uuid;