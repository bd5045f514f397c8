/**
 * surveys: the annual IT perception survey for staff, senior and prep pupils. Owns the canonical
 * question bank, each year's instruments and their mapping across years, history imports from
 * Microsoft Forms and Google Forms, collection in Belfry (anonymous links), the analysis with
 * honest trends and small-group suppression, and the results (charts, SLT summary, exports).
 */
import { IT_ROLES } from '../../lib/context.ts';
import { hasHeaders } from '../../lib/file-sample.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { sendDueMessages } from './domain/comms.ts';
import { importSurveyResponses } from './domain/import-responses.ts';
import { listInstruments } from './domain/instruments.ts';
import { findMyOpenSurvey } from './domain/my-survey.ts';
import { purgeLinkHits } from './domain/shared-link-guard.ts';
import { SURVEY_SETTINGS } from './domain/survey-settings.ts';
import { registerSurveysCli } from './http/cli.ts';
import { PUBLIC_SURVEY_ROUTES, registerPublicRoutes } from './http/public-routes.ts';
import { registerResultsRoutes } from './http/results-routes.ts';
import { registerSurveyRoutes } from './http/survey-routes.ts';

export { countEligible } from './domain/audiences.ts';
export { setInstrumentItems } from './domain/builder.ts';
export { submitResponse } from './domain/collect.ts';
export { decideComment, listCommentsToReview } from './domain/comments.ts';
export { draftComms } from './domain/comms.ts';
export { changeInstrument, createInstrument } from './domain/instruments.ts';
export { type ManifestColumnInput, saveManifest } from './domain/manifest.ts';
export { createQuestion } from './domain/question-bank.ts';
export { readSurveyHighlights } from './domain/reports.ts';
export type { SltSummary, SummaryChange, SummaryTrend } from './domain/summary.ts';
export {
  audienceAddressesSetting,
  keyStaffSetting,
  SURVEY_SETTINGS,
  safeguardingReviewersSetting,
} from './domain/survey-settings.ts';
export { csvText, formsDownloadTimestamp, msFormsWorkbook, sheetTimestampGb, wallClock } from './import/write-export.ts';

export const surveysModule: BelfryModule = {
  name: 'surveys',
  routes: (app) => {
    registerSurveyRoutes(app);
    registerResultsRoutes(app);
    registerPublicRoutes(app);
  },
  publicRoutes: PUBLIC_SURVEY_ROUTES,
  settings: SURVEY_SETTINGS,
  importers: [
    {
      kind: 'survey-responses',
      description:
        "Survey responses exported from Microsoft Forms (.xlsx or CSV) or Google Forms (CSV), through the survey's import mapping (--map instrument=<code>)",
      roles: ['admin'],
      accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      readsDates: true,
      // Microsoft Forms: ID, Start time, Completion time ...; Google: Timestamp first. (An .xlsx is read to be sure.)
      recognise: (s) =>
        s.shape === 'xlsx' || (s.shape === 'csv' && (hasHeaders(s, 'completion time') || s.headers[0] === 'timestamp')),
      run: importSurveyResponses,
    },
  ],
  scheduled: [
    { name: 'survey announcements and reminders', everyMinutes: 30, run: (ctx) => sendDueMessages(ctx).then(() => {}) },
    { name: 'survey link rates', everyMinutes: 10, run: purgeLinkHits },
  ],
  todayCards: [
    {
      id: 'surveys.open',
      title: 'Surveys',
      order: 40,
      roles: [...IT_ROLES, 'slt'],
      load: async (ctx) => ({
        surveys: (await listInstruments(ctx))
          .filter((i) => i.state === 'open' || i.state === 'scheduled')
          .map((i) => ({
            code: i.code,
            title: i.title,
            state: i.state,
            responses: i.responses,
            eligible: i.eligible,
            closesAt: i.closesAt,
          })),
      }),
    },
    {
      id: 'surveys.mine',
      title: 'Tell us what you think',
      order: 3,
      roles: ['staff', 'pupil'],
      load: async (ctx) => ({ survey: await findMyOpenSurvey(ctx) }),
    },
  ],
  cli: (program, deps) => registerSurveysCli(program, deps),
};
