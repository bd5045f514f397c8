import { z } from 'zod';
import type { RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { VendorEventRow } from '../db/signin-queries.ts';
import { emptyEvent, type FailureKind, type SigninEvent } from '../domain/signin-event.ts';
import type { JsonItem } from './json-items.ts';

/**
 * Google Workspace: Reports API `activities` for the login application (research §2.1) and
 * Alert Center alerts (§2.3). Login events become sign-in events; account warnings pass
 * through as vendor alerts; `risky_sensitive_action_blocked` is kept but not alerted (noisy).
 */

const Param = z.looseObject({
  name: z.string(),
  value: z.string().nullish(),
  intValue: z.union([z.string(), z.number()]).nullish(),
  boolValue: z.boolean().nullish(),
  multiValue: z.array(z.string()).nullish(),
});

export const GoogleActivity = z.looseObject({
  id: z.looseObject({
    time: z.iso.datetime({ offset: true }),
    uniqueQualifier: z.union([z.string(), z.number()]),
    applicationName: z.string().nullish(),
  }),
  actor: z
    .looseObject({ email: z.string().nullish(), profileId: z.string().nullish(), callerType: z.string().nullish() })
    .nullish(),
  ipAddress: z.string().nullish(),
  networkInfo: z.looseObject({ ipAsn: z.array(z.number()).nullish(), regionCode: z.string().nullish() }).nullish(),
  events: z.array(z.looseObject({ type: z.string().nullish(), name: z.string(), parameters: z.array(Param).nullish() })).min(1),
});

/** Account warnings passed through as vendor alerts: severity, and whether they alert by default. */
export const GOOGLE_WARNINGS: Record<string, { name: string; severity: string; alerted: boolean }> = {
  suspicious_login: { name: 'Suspicious login (Google)', severity: 'medium', alerted: true },
  suspicious_login_less_secure_app: {
    name: 'Suspicious login from a less secure app (Google)',
    severity: 'medium',
    alerted: true,
  },
  suspicious_programmatic_login: { name: 'Suspicious programmatic login (Google)', severity: 'medium', alerted: true },
  account_disabled_password_leak: { name: 'Account disabled: password leaked (Google)', severity: 'high', alerted: true },
  account_disabled_hijacked: { name: 'Account disabled: hijacked (Google)', severity: 'high', alerted: true },
  account_disabled_spamming: { name: 'Account disabled: spamming (Google)', severity: 'medium', alerted: true },
  account_disabled_spamming_through_relay: {
    name: 'Account disabled: spamming through relay (Google)',
    severity: 'medium',
    alerted: true,
  },
  account_disabled_generic: { name: 'Account disabled (Google)', severity: 'low', alerted: true },
  user_signed_out_due_to_suspicious_session_cookie: {
    name: 'Signed out: suspicious session cookie (Google)',
    severity: 'medium',
    alerted: true,
  },
  risky_sensitive_action_allowed: { name: 'Risky sensitive action allowed (Google)', severity: 'low', alerted: true },
  risky_sensitive_action_blocked: { name: 'Risky sensitive action blocked (Google)', severity: 'info', alerted: false },
};

type Activity = z.infer<typeof GoogleActivity>;
type Event = Activity['events'][number];

const param = (e: Event, name: string): string | null => {
  const p = e.parameters?.find((x) => x.name === name);
  if (!p) return null;
  if (p.value != null) return p.value;
  if (p.intValue != null) return String(p.intValue);
  if (p.boolValue != null) return String(p.boolValue);
  return p.multiValue?.join(',') ?? null;
};

function loginOutcome(e: Event): { result: SigninEvent['result']; kind: FailureKind | null } {
  if (e.name === 'login_success') return { result: 'success', kind: null };
  if (e.name === 'login_failure') {
    const t = param(e, 'login_failure_type');
    const kind: FailureKind =
      !t || t === 'login_failure_invalid_password'
        ? 'credential'
        : t === 'login_failure_account_disabled'
          ? 'disabled'
          : t === 'login_failure_access_code_disallowed'
            ? 'blocked'
            : 'other';
    return { result: 'failure', kind };
  }
  if (e.name === 'login_challenge' && /fail/i.test(param(e, 'login_challenge_status') ?? '')) {
    return { result: 'failure', kind: param(e, 'login_challenge_method') === 'google_prompt' ? 'mfa_denied' : 'other' };
  }
  return { result: 'other', kind: null };
}

export function readGoogleActivities(
  items: JsonItem[],
  file: string,
): { events: SigninEvent[]; vendor: VendorEventRow[]; problems: RowProblem[] } {
  const events: SigninEvent[] = [];
  const vendor: VendorEventRow[] = [];
  const problems: RowProblem[] = [];
  for (const item of items) {
    const p = GoogleActivity.safeParse(item.value);
    if (!p.success) {
      problems.push(...p.error.issues.map((i) => ({ file, line: item.line, field: i.path.join('.'), message: i.message })));
      continue;
    }
    const a = p.data;
    const ts = new Date(a.id.time);
    for (const e of a.events) {
      const user = (param(e, 'affected_email_address') ?? a.actor?.email ?? '').toLowerCase();
      if (!user) {
        problems.push({ file, line: item.line, field: 'actor.email', message: 'no user on this event' });
        continue;
      }
      const key = `${a.id.uniqueQualifier}:${e.name}`;
      const { result, kind } = loginOutcome(e);
      const challenge = param(e, 'login_challenge_method');
      events.push({
        ...emptyEvent(),
        ts,
        source: 'google',
        eventKey: key,
        userName: user,
        userId: a.actor?.profileId ?? null,
        ip: a.ipAddress ?? null,
        result,
        failureKind: kind,
        failureReason: param(e, 'login_failure_type') ?? param(e, 'login_challenge_status'),
        clientApp: param(e, 'login_type'),
        authRequirement: param(e, 'is_second_factor') === 'true' ? 'multiFactorAuthentication' : null,
        mfaResult: challenge ? `${challenge}: ${param(e, 'login_challenge_status') ?? ''}` : null,
        app: 'Google Workspace',
        country: a.networkInfo?.regionCode?.toUpperCase() ?? null,
        geoSource: a.networkInfo?.regionCode ? 'vendor' : null,
        asn: a.networkInfo?.ipAsn?.[0] ?? null,
        eventName: e.name,
      });
      const warning = GOOGLE_WARNINGS[e.name];
      if (warning)
        vendor.push({
          id: newId(),
          source: 'google_workspace',
          vendorId: key,
          ts,
          eventType: e.name,
          displayName: warning.name,
          severity: warning.severity,
          alerted: warning.alerted,
          userName: user,
          ip: a.ipAddress ?? null,
          raw: item.value as object,
        });
    }
  }
  return { events, vendor, problems };
}

const GoogleAlert = z.looseObject({
  alertId: z.string().min(1),
  createTime: z.iso.datetime({ offset: true }),
  startTime: z.iso.datetime({ offset: true }).nullish(),
  type: z.string().min(1),
  source: z.string().nullish(),
  deleted: z.boolean().nullish(),
  data: z
    .looseObject({
      email: z.string().nullish(),
      // AccountWarning documents `loginDetails` as one object {loginTime, ipAddress}; a list is read too.
      loginDetails: z
        .union([
          z.looseObject({ ipAddress: z.string().nullish(), loginTime: z.string().nullish() }),
          z.array(z.looseObject({ ipAddress: z.string().nullish() })),
        ])
        .nullish(),
    })
    .nullish(),
  metadata: z.looseObject({ severity: z.string().nullish(), status: z.string().nullish() }).nullish(),
});

const ALERT_SEVERITY: Record<string, string> = {
  'Leaked password': 'high',
  'Government attack warning': 'high',
  'Malware reclassification': 'high',
  'Device compromised': 'high',
};

export function readGoogleAlerts(items: JsonItem[], file: string): { vendor: VendorEventRow[]; problems: RowProblem[] } {
  const vendor: VendorEventRow[] = [];
  const problems: RowProblem[] = [];
  for (const item of items) {
    const p = GoogleAlert.safeParse(item.value);
    if (!p.success) {
      problems.push(...p.error.issues.map((i) => ({ file, line: item.line, field: i.path.join('.'), message: i.message })));
      continue;
    }
    const a = p.data;
    if (a.deleted) continue;
    const sev = a.metadata?.severity?.toLowerCase();
    vendor.push({
      id: newId(),
      source: 'google_alert_center',
      vendorId: a.alertId,
      ts: new Date(a.startTime ?? a.createTime),
      eventType: a.type,
      displayName: `${a.type}${a.source ? ` (${a.source})` : ''}`,
      severity: sev && ['low', 'medium', 'high'].includes(sev) ? sev : (ALERT_SEVERITY[a.type] ?? 'medium'),
      alerted: a.metadata?.status?.toUpperCase() !== 'CLOSED',
      userName: a.data?.email?.toLowerCase() ?? null,
      ip: (Array.isArray(a.data?.loginDetails) ? a.data?.loginDetails[0] : a.data?.loginDetails)?.ipAddress ?? null,
      raw: item.value as object,
    });
  }
  return { vendor, problems };
}
