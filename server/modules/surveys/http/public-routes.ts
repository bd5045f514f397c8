import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { getPublicSurvey, Submission, submitResponse } from '../domain/collect.ts';

const tags = ['surveys'];
const tokenParams = z.object({ token: z.string().min(1).max(80) });

export const PUBLIC_SURVEY_ROUTES = ['GET /api/public/surveys/:token', 'POST /api/public/surveys/:token/responses'];

/** Signed out: the response page reads the survey and submits answers with its link's token. */
export function registerPublicRoutes(app: App): void {
  app.get(
    '/api/public/surveys/:token',
    { schema: { tags, summary: 'The survey behind a link (no sign-in)', params: tokenParams } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return getPublicSurvey(req.ctx, req.params.token);
    },
  );
  app.post(
    '/api/public/surveys/:token/responses',
    {
      schema: {
        tags,
        summary: 'Submit answers (no sign-in); the same key twice is stored once',
        params: tokenParams,
        body: Submission,
      },
    },
    async (req, reply) => {
      const result = await submitResponse(req.ctx, req.params.token, req.body);
      reply.code(result.stored ? 201 : 200);
      return result;
    },
  );
}
