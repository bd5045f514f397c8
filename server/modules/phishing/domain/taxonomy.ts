import { CLASS_LABELS, EVIDENCE_LABELS } from './classify.ts';
import { EXCLUSION_KINDS } from './exclusions.ts';
import { CUES, DIFFICULTIES, ETHICS_FLAGS, MERGE_FIELDS, PREMISE_ALIGNMENT, PRETEXTS, TECHNIQUES, THEMES } from './lure-rules.ts';

const list = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

/** Every code the phishing pages show, with its words: one source for the server and the web. */
export function taxonomy() {
  return {
    techniques: list(TECHNIQUES),
    themes: list(THEMES),
    pretexts: list(PRETEXTS),
    premiseAlignment: list(PREMISE_ALIGNMENT),
    difficulties: list(DIFFICULTIES),
    ethicsFlags: list(ETHICS_FLAGS),
    cues: Object.entries(CUES).map(([value, c]) => ({ value, label: c.label, category: c.category })),
    mergeFields: list(MERGE_FIELDS),
    exclusionKinds: list(EXCLUSION_KINDS),
    classes: list(CLASS_LABELS),
    evidence: list(EVIDENCE_LABELS),
  };
}
