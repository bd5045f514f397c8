import { createHash } from 'node:crypto';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { zonedToUtc } from '../../../lib/zoned-time.ts';
import { readGoogleActivities } from './google.ts';
import { finishImport } from './import-run.ts';
import type { JsonItem } from './json-items.ts';

/**
 * `google-audit-csv`: the Admin console's audit log download (Reporting > Audit and
 * investigation > User log events, and the older Reports > Audit > Login), one event per row:
 * Event (its display name, "Successful login"), Description, Actor (or User), IP address, Date,
 * and the login attributes (Login type, Login failure type, Login challenge method...). Each row
 * is read as the Reports API activity it shows, so the same rules turn it into a sign-in or a
 * Google account warning. The download has no event id: a row's key is a hash of what it says,
 * so the same download twice adds nothing.
 */

export const GOOGLE_AUDIT_FIELDS = {
  event: ['event', 'event name'],
  description: ['description', 'event description'],
  actor: ['actor', 'user', 'email'],
  date: ['date', 'time', 'timestamp'],
  ip: ['ip address', 'ip'],
  loginType: ['login type'],
  failureType: ['login failure type'],
  challengeMethod: ['login challenge method'],
  challengeStatus: ['login challenge status'],
  affected: ['affected email address'],
  secondFactor: ['is second factor'],
} as const;

/** The console's event names (and the API's own, which some exports keep). */
const EVENT_NAMES: Record<string, string> = {
  'successful login': 'login_success',
  'login success': 'login_success',
  'failed login': 'login_failure',
  'login failure': 'login_failure',
  'login challenge': 'login_challenge',
  'login verification': 'login_verification',
  logout: 'logout',
  'suspicious login': 'suspicious_login',
  'suspicious login blocked': 'suspicious_login',
  'suspicious login (less secure app)': 'suspicious_login_less_secure_app',
  'suspicious login from less secure app': 'suspicious_login_less_secure_app',
  'suspicious programmatic login': 'suspicious_programmatic_login',
  'suspicious programmatic login blocked': 'suspicious_programmatic_login',
  'leaked password': 'account_disabled_password_leak',
  'account disabled due to password leak': 'account_disabled_password_leak',
  'account disabled (hijacked)': 'account_disabled_hijacked',
  'account disabled (spamming)': 'account_disabled_spamming',
  'user signed out due to suspicious session cookie': 'user_signed_out_due_to_suspicious_session_cookie',
  'risky sensitive action allowed': 'risky_sensitive_action_allowed',
  'risky sensitive action blocked': 'risky_sensitive_action_blocked',
};

/** The console's words for the parameter values, back to the API's. */
const VALUES: Record<string, string> = {
  'google password': 'google_password',
  password: 'google_password',
  saml: 'saml',
  'invalid password': 'login_failure_invalid_password',
  'account disabled': 'login_failure_account_disabled',
  'access code disallowed': 'login_failure_access_code_disallowed',
  'invalid second factor': 'login_failure_invalid_second_factor',
  'google prompt': 'google_prompt',
  passed: 'passed',
  failed: 'failed',
};
const apiValue = (t: string) => VALUES[t.trim().toLowerCase()] ?? t.trim().toLowerCase().replace(/\s+/g, '_');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, number> = { utc: 0, gmt: 0, z: 0, bst: 60 };

/**
 * The download's dates: ISO 8601, or a month by name ("Nov 17, 2026, 9:00:00 AM GMT",
 * "17 Nov 2026, 09:00:00 GMT"); a named zone or offset is honoured, none means the school's
 * time zone. Numeric day/month dates are refused rather than guessed.
 */
export function parseAuditDate(text: string, timeZone: string): Date | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m =
    /^(?:([A-Za-z]{3})[a-z]*\.? (\d{1,2})|(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*(?:(UTC|GMT|BST|Z)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)?$/i.exec(
      t,
    );
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[1] ?? m[4] ?? '').toLowerCase()) + 1;
  const day = Number(m[2] ?? m[3]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  let hour = Number(m[6]);
  const ampm = m[9]?.toUpperCase();
  if (ampm === 'PM' && hour < 12) hour += 12;
  if (ampm === 'AM' && hour === 12) hour = 0;
  const date = `${m[5]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const clock = `${String(hour).padStart(2, '0')}:${m[7]}:${m[8] ?? '00'}`;
  if (!m[10]) return zonedToUtc(date, clock, timeZone);
  const offset =
    (ZONES[m[10].toLowerCase()] ?? 0) + (m[11] ? (m[11] === '-' ? -1 : 1) * (Number(m[12]) * 60 + Number(m[13] ?? 0)) : 0);
  const d = new Date(`${date}T${clock}Z`);
  return Number.isNaN(d.getTime()) ? undefined : new Date(d.getTime() - offset * 60_000);
}

export async function importGoogleAuditCsv(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? file.split('/').pop() ?? file;
  const table = await readCsvFile(file, name);
  const { columns } = resolveColumns(table.headers, GOOGLE_AUDIT_FIELDS, options.mapping);
  const missing = (['event', 'actor', 'date'] as const).filter((f) => columns[f] === undefined);
  if (missing.length) {
    const entra = table.headers.some((h) =>
      /^(request id|sign-in error code|date \(utc\)|timegenerated \[utc\])$/i.test(h.trim()),
    );
    throw new ImportRejected([
      {
        file: name,
        line: 1,
        message: entra
          ? 'this looks like an Entra sign-in download, not a Google one: try `belfry import entra-signins`'
          : `no column for ${missing.join(', ')}; this does not look like the Admin console's audit log download (headers found: ${table.headers.slice(0, 10).join(', ')})`,
      },
    ]);
  }
  const problems: RowProblem[] = [];
  const items: JsonItem[] = [];
  let other = 0;
  for (const row of table.rows) {
    const get = (f: keyof typeof GOOGLE_AUDIT_FIELDS) =>
      columns[f] === undefined ? '' : (row.values[columns[f] as number] ?? '').trim();
    const eventText = get('event');
    const eventName = EVENT_NAMES[eventText.toLowerCase()] ?? (/^[a-z_]+$/.test(eventText) ? eventText : undefined);
    if (!eventName) {
      // Password changes, recovery details, 2-Step Verification enrolment: user events, not sign-ins.
      other++;
      continue;
    }
    const ts = parseAuditDate(get('date'), ctx.config.timeZone);
    if (!ts) {
      problems.push({
        file: name,
        line: row.line,
        field: table.headers[columns.date as number],
        message: `"${get('date')}" is not a date this download writes (ISO 8601, or "Nov 17, 2026, 9:00:00 AM GMT"); a day/month order is never guessed`,
      });
      continue;
    }
    const actor = get('affected') || get('actor');
    if (!actor.includes('@')) {
      problems.push({
        file: name,
        line: row.line,
        field: table.headers[columns.actor as number],
        message: `"${actor}" is not an email address`,
      });
      continue;
    }
    const parameters: { name: string; value: string }[] = [];
    const add = (p: string, v: string) => {
      if (v) parameters.push({ name: p, value: apiValue(v) });
    };
    add('login_type', get('loginType'));
    add('login_failure_type', get('failureType'));
    add('login_challenge_method', get('challengeMethod'));
    add('login_challenge_status', get('challengeStatus'));
    if (get('secondFactor')) parameters.push({ name: 'is_second_factor', value: get('secondFactor').toLowerCase() });
    const key = createHash('sha256')
      .update([ts.toISOString(), eventName, actor.toLowerCase(), get('ip'), get('description')].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    items.push({
      line: row.line,
      value: {
        id: { time: ts.toISOString(), uniqueQualifier: `csv-${key}`, applicationName: 'login' },
        actor: { email: actor },
        ipAddress: get('ip') || null,
        events: [{ type: 'login', name: eventName, parameters }],
      },
    });
  }
  progress(0, items.length, 'Reading');
  const read = readGoogleActivities(items, name);
  return finishImport(ctx, { kind: 'google-audit-csv', file, name, options }, async (run) => {
    for (const e of read.events) await run.ingest.add(e);
    run.vendor.push(...read.vendor);
    progress(items.length, items.length, 'Saving');
    const notes = other
      ? [
          `${other === 1 ? '1 row is a user account event, not a sign-in' : `${other.toLocaleString('en-GB')} rows are user account events, not sign-ins`} (password changes, recovery details): left out.`,
        ]
      : [];
    return { rowsIn: table.rows.length, problems: [...problems, ...read.problems], notes };
  });
}
