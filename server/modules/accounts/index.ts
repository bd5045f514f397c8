/**
 * accounts: who may sign in and as what. Local accounts (argon2id) and single sign-on
 * (Microsoft Entra ID, Google Workspace), sessions with CSRF tokens, lock-out after repeated
 * failures, and the five roles. app.ts resolves each request's actor with `resolveSession`.
 */
import type { App, BelfryModule } from '../../lib/module.ts';
import { ipAttemptsSetting, lockoutAttemptsSetting, lockoutMinutesSetting } from './domain/account-settings.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';
import { registerUserRoutes } from './http/user-routes.ts';

export { generatePassword } from './domain/passwords.ts';
export { csrfMatches, purgeExpiredSessions, resolveSession, type SessionActor } from './domain/sessions.ts';
export { changeUser, countAccounts, createUser, listUsers, resetPassword, type User } from './domain/users.ts';

export const accountsModule: BelfryModule = {
  name: 'accounts',
  routes: (app: App) => {
    registerAuthRoutes(app);
    registerUserRoutes(app);
  },
  publicRoutes: [
    'POST /api/auth/login',
    'GET /api/auth/providers',
    'GET /api/auth/oidc/:provider/start',
    'GET /api/auth/oidc/:provider/callback',
  ],
  settings: [lockoutAttemptsSetting, lockoutMinutesSetting, ipAttemptsSetting],
};
