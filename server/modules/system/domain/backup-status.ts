import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the daily backup last did, kept beside the backups (`<data dir>/backups/status.json`):
 * the newest backup that was restored into a scratch database and matched table by table, and
 * the last failure if one came after it. Today and Settings read it.
 */
export type VerifiedBackup = { file: string; at: string; tables: number; rows: number; bytes: number; seconds: number };
export type BackupFailure = { at: string; message: string };
export type BackupStatus = { lastVerified?: VerifiedBackup; lastFailure?: BackupFailure };

export const backupStatusFile = (dataDir: string) => path.join(dataDir, 'backups', 'status.json');

export function readBackupStatus(dataDir: string): BackupStatus {
  try {
    return JSON.parse(readFileSync(backupStatusFile(dataDir), 'utf8')) as BackupStatus;
  } catch {
    return {};
  }
}

function write(dataDir: string, status: BackupStatus): void {
  const file = backupStatusFile(dataDir);
  writeFileSync(`${file}.partial`, JSON.stringify(status, null, 2), { mode: 0o600 });
  renameSync(`${file}.partial`, file);
}

export function recordBackupVerified(dataDir: string, verified: VerifiedBackup): void {
  write(dataDir, { lastVerified: verified });
}

export function recordBackupFailed(dataDir: string, failure: BackupFailure): void {
  write(dataDir, { ...readBackupStatus(dataDir), lastFailure: failure });
}
