/**
 * accounts: who may sign in and as what. Local accounts (argon2id) and single sign-on
 * (Microsoft Entra ID, Google Workspace), sessions with CSRF tokens, lock-out after repeated
 * failures, and the five roles. app.ts resolves each request's actor with `resolveSession`.
 */
import type { Ctx, Role } from '../../lib/context.ts';
import type { App, BelfryModule } from '../../lib/module.ts';
import { selectUserByEmail, selectUsers } from './db/accounts-queries.ts';
import {
  ipAttemptsSetting,
  lockoutAttemptsSetting,
  lockoutMinutesSetting,
  trustedNetworksSetting,
} from './domain/account-settings.ts';
import { ACCOUNTS_SETUP } from './domain/setup-checks.ts';
import { loadLockoutCard } from './domain/sign-in.ts';
import { presentUser, type User } from './domain/users.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';
import { registerUserRoutes } from './http/user-routes.ts';

export { generatePassword } from './domain/passwords.ts';
export { csrfMatches, purgeExpiredSessions, resolveSession, type SessionActor } from './domain/sessions.ts';
export { changeUser, countAccounts, createUser, listUsers, resetPassword, type User, unlockUser } from './domain/users.ts';

/** For other modules (the help desk's sender check and agent list): no role check of its own. */
export async function findAccountByEmail(ctx: Ctx, email: string): Promise<User | undefined> {
  const row = await selectUserByEmail(ctx.db, email.trim().toLowerCase());
  return row ? presentUser(row) : undefined;
}

/** Who an account is, for other modules naming owners and assignees: no secrets, no role check (callers check). */
export type UserSummary = { id: string; email: string; name: string; role: Role; isActive: boolean };

export async function listUserSummaries(ctx: Ctx): Promise<UserSummary[]> {
  return (await selectUsers(ctx.db)).map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    isActive: u.isActive,
  }));
}

export const accountsModule: BelfryModule = {
  name: 'accounts',
  setupChecks: ACCOUNTS_SETUP,
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
  settings: [lockoutAttemptsSetting, lockoutMinutesSetting, ipAttemptsSetting, trustedNetworksSetting],
  todayCards: [{ id: 'accounts.lockouts', title: 'Sign-in lock-outs', order: 4, roles: ['admin'], load: loadLockoutCard }],
};
