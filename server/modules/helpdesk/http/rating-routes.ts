import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { answerSurvey, getSurveyByToken, SurveyAnswer } from '../domain/surveys.ts';

const tags = ['helpdesk'];
const params = z.object({ token: z.string().min(1).max(100) });
const limited = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** The one-click rating link works signed out: these two routes are public (see index.ts). */
export function registerRatingRoutes(app: App): void {
  app.get(
    '/api/helpdesk/rate/:token',
    { config: limited, schema: { tags, summary: 'What a rating link rates (no sign-in)', params } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return getSurveyByToken(req.ctx, req.params.token);
    },
  );
  app.post(
    '/api/helpdesk/rate/:token',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Rate 1-5, with an optional comment (no sign-in; again to change it)',
        params,
        body: SurveyAnswer,
      },
    },
    (req) => answerSurvey(req.ctx, req.params.token, req.body),
  );
}
