/**
 * jobs: long work that reports progress (imports now; campaign sends later), and the upload
 * route that runs any module's importer as a job. Other modules start jobs with `startJob`.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { uploadsPerUserSetting, uploadsTotalSetting } from './domain/uploads.ts';
import { registerJobsRoutes } from './http/jobs-routes.ts';

export { checkImportFile, describeWrongKind } from './domain/file-kind.ts';
export { getJob, type Job, type Progress, recoverInterruptedJobs, startJob } from './domain/jobs.ts';

export { sweepUploads, uploadsPerUserSetting, uploadsTotalSetting } from './domain/uploads.ts';
export { receiveUpload } from './http/receive-upload.ts';

export const jobsModule: BelfryModule = {
  name: 'jobs',
  routes: registerJobsRoutes,
  settings: [uploadsPerUserSetting, uploadsTotalSetting],
};
