import { z } from 'zod';
import { defineSetting } from '../../settings/index.ts';

/**
 * RAG thresholds the school declares in place of the catalogue's (set before the term's report
 * is drafted; a published report keeps the ones it used). Keyed by KPI id.
 */
export const thresholdsSetting = defineSetting<Record<string, { green: number; amber: number }>>({
  key: 'reports.thresholds',
  label: 'Red, amber and green thresholds',
  description:
    'RAG thresholds for the termly report that replace the catalogue’s, by KPI id, e.g. {"helpdesk.backlog":{"green":30,"amber":60}}',
  schema: z.record(z.string().regex(/^[a-z]+\.[a-z0-9-]+$/), z.object({ green: z.number(), amber: z.number() })),
  defaultValue: {},
});
