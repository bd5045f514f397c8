import { type Ctx, requireRole } from '../../../lib/context.ts';
import { getSetting } from '../../settings/index.ts';
import { isAvailable, KPI_CATALOGUE } from './kpi-catalogue.ts';
import { thresholdWords } from './rag.ts';
import { thresholdsSetting } from './report-settings.ts';

/** The KPI catalogue as the page shows it: each definition, source, direction and the thresholds in force. */
export async function getKpiCatalogue(ctx: Ctx) {
  requireRole(ctx, 'admin', 'it', 'slt');
  const overrides = await getSetting(ctx, thresholdsSetting);
  return {
    kpis: KPI_CATALOGUE.map((k) => {
      const thresholds = overrides[k.id] ?? k.thresholds;
      return {
        id: k.id,
        label: k.label,
        section: k.section,
        definition: k.definition,
        unit: k.unit,
        direction: k.direction,
        thresholds,
        thresholdWords: thresholdWords(k.direction, thresholds, k.unit),
        overridden: !!overrides[k.id],
        source:
          k.source.kind === 'manual'
            ? { kind: 'manual' as const, evidenceHint: k.source.evidenceHint }
            : { kind: 'read' as const, module: k.source.module, read: k.source.read },
        available: isAvailable(k),
      };
    }),
  };
}
