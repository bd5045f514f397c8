/** The words people read for the security module's codes (never the codes themselves). */

export const ALERT_TYPE_LABEL: Record<string, string> = {
  password_spray: 'Password spray',
  brute_force: 'Brute force',
  mfa_fatigue: 'MFA fatigue',
  impossible_travel: 'Impossible travel',
  new_country: 'Sign-in from a new country',
  legacy_auth: 'Legacy authentication',
  disabled_account: 'Disabled account',
  sigma: 'Sigma rule',
  vendor: 'Vendor alert',
};

export const DISMISS_REASONS = [
  { value: 'benign', label: 'Benign (real, but harmless)' },
  { value: 'expected', label: 'Expected activity' },
  { value: 'duplicate', label: 'Duplicate of another alert' },
  { value: 'false_positive', label: 'False positive' },
];

export const CATEGORY_OPTIONS = [
  { value: 'account_compromise', label: 'Account compromise' },
  { value: 'phishing', label: 'Phishing' },
  { value: 'password_attack', label: 'Password attack' },
  { value: 'malware_ransomware', label: 'Malware or ransomware' },
  { value: 'data_loss', label: 'Data loss or disclosure' },
  { value: 'insider_access', label: 'Inappropriate access by an insider' },
  { value: 'outage', label: 'Outage' },
  { value: 'lost_device', label: 'Lost or stolen device' },
  { value: 'other', label: 'Other' },
];

export const STATUS_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'contained', label: 'Contained' },
  { value: 'recovering', label: 'Recovering' },
  { value: 'closed', label: 'Closed' },
];

export const SEVERITY_OPTIONS = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
  { value: 'critical', label: 'Critical' },
];

export const ALERT_STATUS_LABEL: Record<string, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
};

export const DATA_SUBJECT_OPTIONS = [
  { value: 'pupils', label: 'Pupils' },
  { value: 'parents', label: 'Parents' },
  { value: 'staff', label: 'Staff' },
  { value: 'governors', label: 'Governors' },
  { value: 'other', label: 'Others' },
];

const byValue = (list: { value: string; label: string }[]) => Object.fromEntries(list.map((o) => [o.value, o.label]));
const CATEGORY = byValue(CATEGORY_OPTIONS);
const STATUS = byValue(STATUS_OPTIONS);
const SEVERITY = byValue(SEVERITY_OPTIONS);
const DISMISS = byValue(DISMISS_REASONS);

const words = (code: string) => {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
export const categoryLabel = (c: string) => CATEGORY[c] ?? words(c);
export const statusLabel = (s: string) => STATUS[s] ?? words(s);
export const severityLabel = (s: string) => SEVERITY[s] ?? (s === 'info' ? 'Info' : words(s));
export const alertTypeLabel = (t: string) => ALERT_TYPE_LABEL[t] ?? words(t);
export const alertStatusLabel = (s: string) => ALERT_STATUS_LABEL[s] ?? words(s);
/** "false_positive: printer on the wrong VLAN" -> "False positive: printer on the wrong VLAN". */
export function dismissLabel(reason: string): string {
  const [code = '', ...note] = reason.split(': ');
  const label = DISMISS[code] ?? words(code);
  return note.length ? `${label}: ${note.join(': ')}` : label;
}

/** An alert type's likely incident category, to prefill the escalation form. */
export const CATEGORY_FOR_ALERT: Record<string, string> = {
  password_spray: 'password_attack',
  brute_force: 'password_attack',
  mfa_fatigue: 'account_compromise',
  impossible_travel: 'account_compromise',
  new_country: 'account_compromise',
  legacy_auth: 'account_compromise',
  disabled_account: 'insider_access',
};

export const ICO_DECISION_LABEL: Record<string, string> = {
  pending: 'still to decide',
  reported: 'reported to the ICO',
  not_reportable: 'not reportable',
};
