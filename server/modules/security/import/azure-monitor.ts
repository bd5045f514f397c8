/**
 * Entra sign-ins as other tools hand them over, turned into Graph `signIn` objects:
 *
 * - Azure Monitor diagnostic settings (a storage account's PT1H.json, one record per line; an
 *   Event Hub message's `{"records": [...]}`): each record is `{time, category: "SignInLogs",
 *   operationName: "Sign-in activity", callerIpAddress, properties: {...the signIn...}}`;
 *   the categories NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs and
 *   ManagedIdentitySignInLogs are sign-ins too; AuditLogs and the rest are not.
 * - Microsoft Graph PowerShell (`Get-MgAuditLogSignIn | ConvertTo-Json`): PascalCase names
 *   (`UserPrincipalName`, `IPAddress`, `Status.ErrorCode`), dates as ISO 8601 (PowerShell 7) or
 *   `/Date(1763370000000)/` (Windows PowerShell 5.1), and nested objects below ConvertTo-Json's
 *   default depth written as their type name ("Microsoft.Graph.PowerShell.Models...").
 */

const SIGNIN_CATEGORIES = /^(SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs|ManagedIdentitySignInLogs)$/i;

/** `IPAddress` -> `ipAddress`, `Id` -> `id`, `CreatedDateTime` -> `createdDateTime`. */
export function camelName(name: string): string {
  const m = /^([A-Z]+)(?=[A-Z][a-z]|$|\d)/.exec(name);
  const head = m?.[1];
  if (head && head.length > 1) return head.toLowerCase() + name.slice(head.length);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

function fromPowerShell(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPowerShell);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'AdditionalProperties') continue;
      // Below the serialisation depth a nested object is only its type name: nothing to read.
      if (typeof v === 'string' && v.startsWith('Microsoft.Graph.PowerShell.Models.')) continue;
      out[camelName(k)] = fromPowerShell(v);
    }
    return out;
  }
  if (typeof value === 'string') {
    const m = MS_DATE.exec(value);
    if (m) return new Date(Number(m[1])).toISOString();
  }
  return value;
}

/** Whether a record is Graph PowerShell's PascalCase rather than Graph's camelCase. */
const isPascal = (r: Record<string, unknown>) => 'Id' in r && ('CreatedDateTime' in r || 'UserPrincipalName' in r);

export type Unwrapped = { signIn: unknown; source: 'graph' | 'azure-monitor' | 'powershell' } | { notSignIn: string };

export function unwrapSignIn(value: unknown): Unwrapped {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { signIn: value, source: 'graph' };
  const r = value as Record<string, unknown>;
  if (isPascal(r)) return { signIn: fromPowerShell(r), source: 'powershell' };
  const props = r.properties;
  const category = typeof r.category === 'string' ? r.category : undefined;
  if (category !== undefined && props && typeof props === 'object') {
    if (!SIGNIN_CATEGORIES.test(category))
      return {
        notSignIn: `an Azure Monitor record of category "${category}", not a sign-in (send the SignInLogs category, or import this elsewhere)`,
      };
    const p = props as Record<string, unknown>;
    return {
      signIn: {
        ...p,
        createdDateTime: p.createdDateTime ?? r.time,
        ipAddress: p.ipAddress ?? r.callerIpAddress,
      },
      source: 'azure-monitor',
    };
  }
  return { signIn: value, source: 'graph' };
}
