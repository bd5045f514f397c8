import type { Ctx } from '../../../lib/context.ts';
import { findPersonByEmail, listSchools } from '../../directory/index.ts';
import { selectInstruments } from '../db/survey-queries.ts';
import type { Audience } from './audiences.ts';
import { instrumentState } from './instruments.ts';

/**
 * Today, for staff and pupils: their audience's survey while it is open, with its shared link.
 * Answering stays anonymous: the link is the same for everyone and nothing records who followed it.
 */
export async function findMyOpenSurvey(ctx: Ctx): Promise<{ title: string; link: string; closesAt: string | null } | null> {
  const actor = ctx.actor;
  if (actor?.kind !== 'user') return null;
  const person = await findPersonByEmail(ctx, actor.email);
  let audience: Audience | undefined;
  if (person?.kind === 'staff' || (!person && actor.role !== 'pupil')) audience = 'staff';
  else if (person?.kind === 'pupil') {
    const school = (await listSchools(ctx)).find((s) => s.id === person.schoolId);
    audience = school?.phase === 'prep' ? 'prep' : 'senior';
  }
  if (!audience) return null;
  const now = ctx.clock.now();
  const open = (await selectInstruments(ctx.db)).find(
    (i) => i.audience === audience && instrumentState(i, now) === 'open' && i.collection === 'shared' && i.shareToken,
  );
  return open ? { title: open.title, link: `/s/${open.shareToken}`, closesAt: open.closesAt?.toISOString() ?? null } : null;
}
