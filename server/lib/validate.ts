import type { z } from 'zod';
import { Invalid } from './errors.ts';

/** Parses use-case input with a zod schema; a failure becomes Invalid naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new Invalid(`${field}${issue?.message ?? 'invalid input'}`, { issues: r.error.issues });
}
