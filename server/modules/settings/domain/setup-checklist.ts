import { type Ctx, requireRole } from '../../../lib/context.ts';
import type { SetupCheck } from '../../../lib/module.ts';

export type SetupItem = { id: string; label: string; done: boolean; detail: string; how: string; link?: string };

/** The first-run checklist: every module's checks, in order, for the Director (admin, IT). */
export async function readSetupChecklist(
  ctx: Ctx,
  checks: readonly SetupCheck[],
): Promise<{ items: SetupItem[]; missing: number }> {
  requireRole(ctx, 'admin', 'it');
  const items: SetupItem[] = [];
  for (const c of checks) items.push({ id: c.id, label: c.label, ...(await c.load(ctx)) });
  return { items, missing: items.filter((i) => !i.done).length };
}
