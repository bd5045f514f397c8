import type { Ctx } from '../../../lib/context.ts';
import { createRecurrence, createTask } from '../../tasks/index.ts';
import type { DemoStaff, DemoTimeline } from './demo-timeline.ts';

/** The Director's to-do list this week, the team's repeating to-dos, and one from a project. */
export async function loadDemoTasks(ctx: Ctx, tl: DemoTimeline, staff: DemoStaff): Promise<void> {
  await createRecurrence(ctx, {
    title: 'Write the weekly IT Services briefing',
    notes: 'Notices, what went well, what is coming next week.',
    rule: 'weekly',
    weekday: 5,
    termOnly: true,
    priority: 'high',
    leadDays: 4,
  });
  await createRecurrence(ctx, {
    title: 'Termly report to SLT',
    notes: 'Service, reliability, projects, budget, risks; two pages and the KPI pack.',
    rule: 'term_end',
    schoolDaysBefore: 5,
    leadDays: 21,
    priority: 'high',
  });
  await createRecurrence(ctx, {
    title: 'Test a restore from the immutable backup',
    rule: 'monthly',
    dayOfMonth: 1,
    ownerId: staff.network.id,
  });
  const firewall = tl.ids.get('project:firewall');
  const todos = [
    { title: 'Renew the VLE’s TLS certificate', dueOn: tl.day(-2), priority: 'high' as const },
    { title: 'Reply to the insurer’s cyber questionnaire', dueOn: tl.today, priority: 'normal' as const },
    { title: 'Read the DfE IT support standard update', priority: 'low' as const },
    { title: 'Sign off the Year 6 Chromebook pilot order', dueOn: tl.day(9), priority: 'normal' as const },
    {
      title: 'Escalate the firewall delay to the supplier’s account manager',
      dueOn: tl.day(1),
      priority: 'urgent' as const,
      source: firewall
        ? { module: 'projects', kind: 'project', id: firewall, label: 'Firewall replacement', url: `/projects/${firewall}` }
        : undefined,
    },
    {
      title: 'Firmware update on the new access points',
      dueOn: tl.day(3),
      priority: 'normal' as const,
      ownerId: staff.network.id,
    },
  ];
  for (const t of todos) await createTask(ctx, t);
}
