import { z } from 'zod';
import { isIsoDate } from '../../../lib/zoned-time.ts';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof STATUSES)[number];

export const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-20');
const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'Use lower-case letters, digits and hyphens');

/** Where a to-do came from: a meeting action, an alert, an incident, a ticket, a project. */
export const TaskSource = z.object({
  module: slug.max(40),
  kind: slug.max(40),
  id: z.string().min(1).max(200),
  label: z.string().trim().min(1).max(200),
  url: z
    .string()
    .max(500)
    .refine((u) => u.startsWith('/') || /^https?:\/\//.test(u), 'A path in Belfry (/...) or an http(s) address')
    .optional(),
});
export type TaskSource = z.infer<typeof TaskSource>;

export const NewTask = z.object({
  title: z.string().trim().min(1, 'Enter a title').max(300),
  notes: z.string().trim().max(5000).nullish(),
  dueOn: IsoDate.nullish(),
  priority: z.enum(PRIORITIES).default('normal'),
  /** An account id; the actor when left out. */
  ownerId: z.uuid().optional(),
  source: TaskSource.nullish(),
});
export type NewTask = z.input<typeof NewTask>;

export const TaskPatch = z.object({
  title: z.string().trim().min(1, 'Enter a title').max(300).optional(),
  notes: z.string().trim().max(5000).nullish(),
  dueOn: IsoDate.nullish(),
  priority: z.enum(PRIORITIES).optional(),
  ownerId: z.uuid().optional(),
  status: z.enum(STATUSES).optional(),
});
export type TaskPatch = z.input<typeof TaskPatch>;

/** Finding to-dos by where they came from; `id` may be one id or several. */
export const SourceQuery = z.object({
  module: slug,
  kind: slug.optional(),
  id: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
});
export type SourceQuery = z.input<typeof SourceQuery>;
