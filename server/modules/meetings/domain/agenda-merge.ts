import type { AgendaDraft } from './agenda-sources.ts';
import { sectionIndex } from './sections.ts';

export type ExistingItem = {
  id: string;
  section: string;
  position: number;
  title: string;
  detail: string;
  sourceKey: string | null;
  sourceUrl: string | null;
  edited: boolean;
  hidden: boolean;
  minutes: string | null;
};

export type AgendaPlan = {
  insert: (AgendaDraft & { position: number })[];
  update: { id: string; title: string; detail: string; sourceUrl: string | null; position: number }[];
  remove: string[];
  /** New positions for items kept as they are. */
  reposition: { id: string; position: number }[];
};

/**
 * Merges what the sources propose with the agenda as it stands, pure.
 * - A proposal whose key is new becomes an item at the end of its section.
 * - An auto item still proposed is refreshed, unless the Director edited it (their words win).
 * - An auto item no longer proposed goes, unless it was edited, minuted, or hidden (a hidden
 *   item stays hidden, so what the Director removed does not come back).
 * - The Director's own items stay where they are.
 * Positions run 0, 1, 2 ... within each section.
 */
export function planAgenda(existing: readonly ExistingItem[], drafts: readonly AgendaDraft[]): AgendaPlan {
  const byKey = new Map(drafts.map((d) => [d.key, d]));
  const plan: AgendaPlan = { insert: [], update: [], remove: [], reposition: [] };
  const kept = existing.filter((e) => {
    if (!e.sourceKey || byKey.has(e.sourceKey)) return true;
    if (e.edited || e.hidden || e.minutes) return true;
    plan.remove.push(e.id);
    return false;
  });
  const have = new Set(kept.map((e) => e.sourceKey).filter(Boolean));
  const fresh = drafts.filter((d) => !have.has(d.key));
  const sections = [...new Set([...kept.map((e) => e.section), ...fresh.map((d) => d.section)])].sort(
    (a, b) => sectionIndex(a) - sectionIndex(b),
  );
  for (const section of sections) {
    let position = 0;
    for (const e of kept.filter((x) => x.section === section).sort((a, b) => a.position - b.position)) {
      const draft = e.sourceKey ? byKey.get(e.sourceKey) : undefined;
      if (
        draft &&
        !e.edited &&
        !e.hidden &&
        (draft.title !== e.title || draft.detail !== e.detail || (draft.url ?? null) !== e.sourceUrl)
      )
        plan.update.push({ id: e.id, title: draft.title, detail: draft.detail, sourceUrl: draft.url ?? null, position });
      else if (e.position !== position) plan.reposition.push({ id: e.id, position });
      position++;
    }
    for (const d of fresh.filter((x) => x.section === section)) plan.insert.push({ ...d, position: position++ });
  }
  return plan;
}
