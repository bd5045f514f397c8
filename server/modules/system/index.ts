/**
 * system: the server's own housekeeping seen by the IT team: where the data directory's space
 * goes (Settings, Storage) and when the daily backup was last verified by restoring it (Today).
 * Owns no tables: the backup status is a file beside the backups.
 */
import { IT_ROLES } from '../../lib/context.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { loadBackupCard } from './domain/storage.ts';
import { registerSystemRoutes } from './http/system-routes.ts';

export {
  type BackupStatus,
  readBackupStatus,
  recordBackupFailed,
  recordBackupVerified,
  type VerifiedBackup,
} from './domain/backup-status.ts';
export { measureDir, readStorageUse, type StorageUse } from './domain/storage.ts';

export const systemModule: BelfryModule = {
  name: 'system',
  routes: registerSystemRoutes,
  todayCards: [{ id: 'system.backups', title: 'Backups', order: 95, roles: IT_ROLES, load: loadBackupCard }],
};
