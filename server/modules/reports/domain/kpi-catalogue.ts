import { OTHER_KPIS } from './kpi-other.ts';
import { SERVICE_KPIS } from './kpi-service.ts';
import type { KpiDefinition } from './kpi-types.ts';
import { AVAILABLE_SOURCES } from './term-sources.ts';

/** The whole KPI catalogue, in report order. */
export const KPI_CATALOGUE: readonly KpiDefinition[] = [...SERVICE_KPIS, ...OTHER_KPIS];

const sourceName = (k: KpiDefinition) => (k.source.kind === 'manual' ? 'manual' : k.source.module);

/** The KPIs whose source is installed: the phishing ones wait for the phishing module. */
export const activeKpis = (): KpiDefinition[] => KPI_CATALOGUE.filter((k) => AVAILABLE_SOURCES.has(sourceName(k)));
export const isAvailable = (k: KpiDefinition): boolean => AVAILABLE_SOURCES.has(sourceName(k));
