export type Alert = {
  id: string;
  type: string;
  source: string;
  severity: string;
  status: string;
  title: string;
  summary: string;
  users: string[];
  ips: string[];
  firstSeen: string;
  lastSeen: string;
  evidence: Record<string, unknown>;
  groupKey: string;
  linkedAlertIds: string[];
  incidentId: string | null;
  dismissReason: string | null;
  createdAt: string;
};

export const SEVERITY_COLOR: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'blue',
  info: 'gray',
};
