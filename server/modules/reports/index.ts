/**
 * reports: the termly IT report to SLT. A KPI catalogue as data (definitions, units, sources in
 * other modules' exported read functions, direction, RAG thresholds declared in advance), a
 * term's figures over six terms with the narrative drafted from them, Word and PDF drawn on the
 * server, and publication as an immutable snapshot. Reads other modules only through their
 * index.ts read functions.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { thresholdsSetting } from './domain/report-settings.ts';
import { registerReportCli } from './http/report-cli.ts';
import { registerReportRoutes } from './http/report-routes.ts';

export { KPI_CATALOGUE } from './domain/kpi-catalogue.ts';
export { setManualValue } from './domain/manual-values.ts';
export { editSection, openTermReport, publishReport, refreshReport } from './domain/reports.ts';

export const reportsModule: BelfryModule = {
  name: 'reports',
  routes: registerReportRoutes,
  settings: [thresholdsSetting],
  cli: registerReportCli,
};
