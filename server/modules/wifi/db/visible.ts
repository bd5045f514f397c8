import { sql } from 'drizzle-orm';

/**
 * Rows of a raw Wi-Fi table that belong to finished imports only (`alias`: the table or its alias
 * in the query): a staging or abandoned import's rows are left out. Every read of the raw tables
 * includes it; the rollups hold only published imports anyway.
 */
export const visibleWifi = (alias: string) =>
  sql.raw(`NOT EXISTS (SELECT 1 FROM wifi_imports vi WHERE vi.id = ${alias}.import_id AND vi.status <> 'done')`);
