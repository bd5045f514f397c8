import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { createTask, type Task } from '../../tasks/index.ts';
import { getWifiVerdictForTodo, VerdictInput } from './verdict.ts';

/**
 * A general finding becomes a to-do (the tasks module), with the finding's sentence as its notes
 * and a link back to the verdict it came from. The finding is named by scope and subject, so the
 * to-do is made from the verdict as it stands, not from what the browser sent.
 */
export const TodoInput = VerdictInput.extend({
  findingScope: z.string().min(1).max(40),
  findingSubject: z.string().min(1).max(200),
  metric: z.string().max(40).optional(),
});

export async function makeFindingTodo(ctx: Ctx, input: z.input<typeof TodoInput>): Promise<Task> {
  requireRole(ctx, ...IT_ROLES);
  const q = parseInput(TodoInput, input);
  const verdict = await getWifiVerdictForTodo(ctx, { from: q.from, to: q.to });
  const finding = verdict.findings.find(
    (f) =>
      f.kind !== 'individual' &&
      f.scope === q.findingScope &&
      f.subject === q.findingSubject &&
      (!q.metric || f.evidence.metric === q.metric),
  );
  if (!finding) throw new NotFound('That finding is not in the verdict for this window');
  const what = String(finding.evidence.metric ?? 'connect');
  const place = finding.scope === 'site' ? (finding.subject === 'all' ? 'the whole network' : finding.subject) : finding.subject;
  const title =
    {
      capacity: `Wi-Fi: add capacity at ${place}`,
      coverage: `Wi-Fi: fix the coverage gap at ${place}`,
      burst: `Wi-Fi: find out why ${finding.evidence.attributedTo ?? 'the network'} failed (${place})`,
    }[what] ??
    (finding.kind === 'device-class'
      ? `Wi-Fi: fix ${finding.subject} devices (driver or firmware)`
      : `Wi-Fi: fix ${place}${finding.stage ? ` (${finding.stage})` : ''}`);
  const { from, to } = verdict.window;
  return createTask(ctx, {
    title,
    notes: `${finding.explanation}\n\nFrom the Wi-Fi verdict for ${from === to ? from : `${from} to ${to}`}.`,
    dueOn: addDays(localDate(ctx.clock.now(), ctx.config.timeZone), 7),
    priority: 'high',
    source: {
      module: 'wifi',
      kind: 'finding',
      id: `${from}:${to}:${finding.scope}:${finding.subject}:${what}`.slice(0, 200),
      label: finding.explanation.slice(0, 200),
      url: `/wifi?from=${from}&to=${to}`,
    },
  });
}
