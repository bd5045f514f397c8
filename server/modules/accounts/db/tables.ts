import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accountsUsers = pgTable(
  'accounts_users',
  {
    id: uuid('id').primaryKey(),
    /** Always stored lower-case. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** argon2id; null for single-sign-on-only accounts. */
    passwordHash: text('password_hash'),
    /** The directory person this account belongs to, when known. */
    personId: uuid('person_id'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    lastSignInAt: ts('last_sign_in_at'),
  },
  (t) => [
    uniqueIndex('accounts_users_email_idx').on(t.email),
    check('accounts_users_role_check', sql`${t.role} in ('admin','it','slt','staff','pupil')`),
  ],
);

export const accountsSessions = pgTable(
  'accounts_sessions',
  {
    /** sha256 of the cookie's token: a database leak does not hand out live sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => accountsUsers.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    method: text('method').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('accounts_sessions_user_idx').on(t.userId), index('accounts_sessions_expires_idx').on(t.expiresAt)],
);

/** Every password sign-in attempt, for rate limiting and lock-out; kept 30 days. */
export const accountsSignInAttempts = pgTable(
  'accounts_sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip'),
    at: ts('at').notNull().defaultNow(),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [index('accounts_attempts_email_idx').on(t.email, t.at), index('accounts_attempts_ip_idx').on(t.ip, t.at)],
);
