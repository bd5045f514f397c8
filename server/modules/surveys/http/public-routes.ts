import { z } from 'zod';
import { isSecureRequest } from '../../../lib/http.ts';
import { sha256 } from '../../../lib/ids.ts';
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
      // Answers this browser sent through this link: a signed count, so it cannot be reset by editing it.
      const cookie = `belfry_sv_${sha256(req.params.token).slice(0, 16)}`;
      const raw = req.cookies[cookie];
      const unsigned = raw ? req.unsignCookie(raw) : undefined;
      const fromThisDevice = unsigned?.valid ? Number(unsigned.value) || 0 : 0;
      const result = await submitResponse(req.ctx, req.params.token, req.body, { fromThisDevice, ip: req.ip });
      if (result.stored && result.sharedLink) {
        reply.setCookie(cookie, String(fromThisDevice + 1), {
          path: '/api/public/surveys',
          httpOnly: true,
          sameSite: 'lax',
          secure: isSecureRequest(req, req.ctx.config),
          signed: true,
          maxAge: 365 * 86400,
        });
      }
      reply.code(result.stored ? 201 : 200);
      return { stored: result.stored, duplicate: result.duplicate };
    },
  );
}
