import { type Ctx, requireActor } from '../../../lib/context.ts';
import { AUDIENCE_LABELS, AUDIENCES, SEGMENTS } from './audiences.ts';
import { COMPARABILITY, COMPARABILITY_LABELS } from './mapping.ts';
import { SCALES } from './scales.ts';

/** The fixed vocabulary the survey pages need: scales, audiences and their groups, comparability codes. */
export function getCatalogue(ctx: Ctx) {
  requireActor(ctx);
  return {
    scales: SCALES,
    audiences: AUDIENCES.map((a) => ({ id: a, label: AUDIENCE_LABELS[a], segments: SEGMENTS[a] })),
    comparability: COMPARABILITY.map((c) => ({ id: c, label: COMPARABILITY_LABELS[c] })),
  };
}
