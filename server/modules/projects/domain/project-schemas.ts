import { z } from 'zod';
import { isIsoDate } from '../../../lib/zoned-time.ts';

export const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-20');
export const PROJECT_STATUSES = ['proposed', 'planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const RAGS = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAGS)[number];

const Pence = z.number().int('Whole pence').min(0, 'Cannot be negative').max(1e13);

/** Who owns something: an account, or a name for someone without one. */
export const OwnerInput = {
  ownerId: z.uuid().nullish(),
  ownerName: z.string().trim().min(1).max(200).nullish(),
};

const projectShape = {
  name: z.string().trim().min(1, 'Enter a name').max(200),
  summary: z.string().trim().max(5000),
  staffSummary: z.string().trim().max(2000).nullish(),
  ...OwnerInput,
  status: z.enum(PROJECT_STATUSES),
  rag: z.enum(RAGS),
  ragReason: z.string().trim().max(1000).nullish(),
  objectiveId: z.uuid().nullish(),
  initiativeId: z.uuid().nullish(),
  startOn: IsoDate.nullish(),
  targetOn: IsoDate.nullish(),
  completedOn: IsoDate.nullish(),
  capitalBudget: Pence,
  capitalCommitted: Pence,
  capitalSpent: Pence,
  revenueBudget: Pence,
  revenueCommitted: Pence,
  revenueSpent: Pence,
  dependsOn: z.array(z.uuid()).max(50),
};

export const ProjectFields = z.object({
  ...projectShape,
  summary: projectShape.summary.default(''),
  status: projectShape.status.default('planned'),
  rag: projectShape.rag.default('green'),
  capitalBudget: Pence.default(0),
  capitalCommitted: Pence.default(0),
  capitalSpent: Pence.default(0),
  revenueBudget: Pence.default(0),
  revenueCommitted: Pence.default(0),
  revenueSpent: Pence.default(0),
  dependsOn: projectShape.dependsOn.default([]),
});
export type ProjectInput = z.input<typeof ProjectFields>;

/** A change: only the fields sent, and a note for the history ("quote accepted"). */
export const ProjectPatch = z
  .object(projectShape)
  .partial()
  .extend({ note: z.string().trim().max(2000).nullish() });
export type ProjectPatch = z.input<typeof ProjectPatch>;

export const MilestoneInput = z.object({
  title: z.string().trim().min(1, 'Enter a title').max(300),
  dueOn: IsoDate,
  doneOn: IsoDate.nullish(),
});
export type MilestoneInput = z.input<typeof MilestoneInput>;
