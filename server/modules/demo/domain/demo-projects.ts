import { addDays } from '../../../lib/zoned-time.ts';
import {
  addMilestone,
  createInitiative,
  createObjective,
  createProject,
  saveStrategy,
  updateMilestone,
  updateProject,
} from '../../projects/index.ts';
import { demoProjects, OBJECTIVES } from './demo-project-list.ts';
import type { DemoEvent, DemoStaff, DemoTimeline, StaffKey } from './demo-timeline.ts';

/** The strategy, the projects, their milestones and every later change, as dated events. */

export function projectEvents(tl: DemoTimeline, staff: DemoStaff): DemoEvent[] {
  const id = (key: string) => tl.ids.get(key) as string;
  const list = demoProjects(tl);
  const first = [...list.map((p) => p.on), tl.day(-230)].sort()[0] as string;
  const events: DemoEvent[] = [
    {
      at: tl.at(first, '08:00'),
      run: async (ctx) => {
        await saveStrategy(ctx, {
          title: 'Oakfield technology strategy',
          vision:
            'Technology at Oakfield should be like the lights: always on, safe, and never the reason a lesson did not happen.',
          period: `${first.slice(0, 4)}–${Number(first.slice(0, 4)) + 3}`,
          reviewedOn: first,
          nextReviewOn: addDays(first, 365),
        });
        for (const [n, o] of OBJECTIVES.entries()) {
          const objectiveId = (
            await createObjective(ctx, { code: o.code, title: o.title, summary: o.summary, position: n, status: 'published' })
          ).id;
          for (const [i, [key, title, summary]] of o.initiatives.entries())
            tl.ids.set(`initiative:${key}`, (await createInitiative(ctx, { objectiveId, title, summary, position: i })).id);
        }
      },
    },
  ];
  for (const p of list) {
    const owner = p.owner in staff ? { ownerId: staff[p.owner as StaffKey].id } : { ownerName: p.owner };
    events.push({
      at: tl.at(p.on, '09:00'),
      run: async (ctx) => {
        const project = await createProject(ctx, {
          ...p.input,
          ...owner,
          startOn: p.on,
          initiativeId: id(`initiative:${p.initiative}`),
        });
        tl.ids.set(`project:${p.key}`, project.id);
        for (const m of p.milestones)
          tl.ids.set(
            `milestone:${p.key}:${m.title}`,
            (await addMilestone(ctx, project.id, { title: m.title, dueOn: m.dueOn })).id,
          );
      },
    });
    for (const m of p.milestones)
      if (m.doneOn) {
        const doneOn = m.doneOn;
        events.push({
          at: tl.at(doneOn, '16:00'),
          run: (ctx) => updateMilestone(ctx, id(`milestone:${p.key}:${m.title}`), { doneOn }),
        });
      }
    for (const [on, patch] of p.changes)
      events.push({ at: tl.at(on, '11:00'), run: (ctx) => updateProject(ctx, id(`project:${p.key}`), patch) });
  }
  events.push({
    at: tl.at(tl.day(-4), '12:00'),
    run: (ctx) => updateProject(ctx, id('project:doors'), { dependsOn: [id('project:switches')] }),
  });
  return events;
}
