import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { camelName } from './azure-monitor.ts';
import { importEntraCsv } from './entra-csv-importer.ts';
import { importGoogleAuditCsv, parseAuditDate } from './google-audit-csv.ts';
import { jsonImporter } from './json-importers.ts';
import { findJsonError } from './json-syntax.ts';

/**
 * Issue 13 items 8 and 9: sign-ins and alerts in the shapes the vendors document. Each fixture is
 * written from the documentation of its format: Azure Monitor's diagnostic-setting record and the
 * SigninLogs table, Graph PowerShell's ConvertTo-Json, Google's Alert Center `Alert` and
 * `AccountWarning`, the Reports API `activity`, and the Admin console's audit log download.
 */

const opts = { dryRun: false, skipInvalid: false };

describe('JSON syntax errors and PowerShell names', () => {
  it('names the line of a trailing comma, which JSON.parse does not', () => {
    const text = '{\n  "value": [\n    {\n      "id": "a",\n      "status": { "errorCode": 0 },\n    }\n  ]\n}\n';
    expect(findJsonError(text)).toEqual({ line: 5, message: 'a comma with nothing after it before "}" (a trailing comma)' });
    expect(findJsonError('[\n 1,\n 2,\n]')).toEqual({
      line: 3,
      message: 'a comma with nothing after it before "]" (a trailing comma)',
    });
    expect(findJsonError('{"a": 1}')).toBeUndefined();
    expect(findJsonError('{"a": 1}\n{"b": 2}')).toEqual({ line: 2, message: 'more text after the end of the JSON' });
  });

  it('turns PascalCase into Graph names', () => {
    expect(['Id', 'IPAddress', 'CreatedDateTime', 'UserPrincipalName', 'ID', 'ErrorCode'].map(camelName)).toEqual([
      'id',
      'ipAddress',
      'createdDateTime',
      'userPrincipalName',
      'id',
      'errorCode',
    ]);
  });

  it('reads the Admin console dates it writes and refuses a numeric day/month', () => {
    const tz = 'Europe/London';
    expect(parseAuditDate('Nov 17, 2026, 9:00:00 AM GMT', tz)?.toISOString()).toBe('2026-11-17T09:00:00.000Z');
    expect(parseAuditDate('17 Jun 2026, 09:00:00 BST', tz)?.toISOString()).toBe('2026-06-17T08:00:00.000Z');
    expect(parseAuditDate('Jun 17, 2026, 9:00:00 AM', tz)?.toISOString()).toBe('2026-06-17T08:00:00.000Z');
    expect(parseAuditDate('2026-11-17T09:00:00Z', tz)?.toISOString()).toBe('2026-11-17T09:00:00.000Z');
    expect(parseAuditDate('05/06/2026 09:00', tz)).toBeUndefined();
  });
});

// A diagnostic-setting record (Azure Monitor's "common schema" with the signIn in `properties`).
const record = (id: string, category: string, time: string, upn: string, ip: string, code: number) => ({
  time,
  resourceId: '/tenants/72f988bf-0000-0000-0000-2d7cd011db47/providers/Microsoft.aadiam',
  operationName: 'Sign-in activity',
  operationVersion: '1.0',
  category,
  tenantId: '72f988bf-0000-0000-0000-2d7cd011db47',
  resultType: String(code),
  resultSignature: 'None',
  resultDescription: code ? 'Invalid username or password or Invalid on-premise username or password.' : '',
  durationMs: 0,
  callerIpAddress: ip,
  correlationId: `c-${id}`,
  identity: 'Sienna Mensah',
  Level: 4,
  location: 'GB',
  properties: {
    id,
    createdDateTime: `${time.replace('Z', '')}+00:00`,
    userDisplayName: 'Sienna Mensah',
    userPrincipalName: upn,
    userId: '0a1b2c3d-0000-0000-0000-00000000aaaa',
    appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    appDisplayName: 'Microsoft Teams',
    ipAddress: ip,
    status: code ? { errorCode: code, failureReason: 'Invalid username or password.' } : { errorCode: 0 },
    clientAppUsed: 'Browser',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    deviceDetail: { deviceId: '', operatingSystem: 'Windows10', browser: 'Edge 130.0.0' },
    location: {
      city: 'London',
      state: 'London',
      countryOrRegion: 'GB',
      geoCoordinates: { latitude: 51.5072, longitude: -0.1276 },
    },
    isInteractive: category === 'SignInLogs',
    authenticationRequirement: 'singleFactorAuthentication',
    riskState: 'none',
  },
});

const POWERSHELL = `[
    {
        "AppDisplayName":  "Microsoft Teams",
        "AppId":  "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "AppliedConditionalAccessPolicies":  [

                                             ],
        "ClientAppUsed":  "Browser",
        "ConditionalAccessStatus":  "notApplied",
        "CorrelationId":  "5d1e6f4b-0000-0000-0000-000000000001",
        "CreatedDateTime":  "\\/Date(1794906600000)\\/",
        "DeviceDetail":  {
                             "Browser":  "Edge 130.0.0",
                             "DeviceId":  "",
                             "DisplayName":  "",
                             "IsCompliant":  false,
                             "IsManaged":  false,
                             "OperatingSystem":  "Windows10",
                             "TrustType":  "",
                             "AdditionalProperties":  {

                                                      }
                         },
        "Id":  "ps-0001",
        "IPAddress":  "81.2.69.21",
        "IsInteractive":  true,
        "Location":  {
                         "City":  "London",
                         "CountryOrRegion":  "GB",
                         "GeoCoordinates":  "Microsoft.Graph.PowerShell.Models.MicrosoftGraphGeoCoordinates",
                         "State":  "London",
                         "AdditionalProperties":  {

                                                  }
                     },
        "ResourceDisplayName":  "Microsoft Graph",
        "RiskState":  "none",
        "Status":  {
                       "AdditionalDetails":  null,
                       "ErrorCode":  50126,
                       "FailureReason":  "Error validating credentials due to invalid username or password.",
                       "AdditionalProperties":  {

                                                }
                   },
        "UserDisplayName":  "Sienna Mensah",
        "UserId":  "0a1b2c3d-0000-0000-0000-00000000aaaa",
        "UserPrincipalName":  "S.Mensah@oakfield.example",
        "AdditionalProperties":  {

                                 }
    }
]`;

const signins = (db: Parameters<typeof queryRows>[0], prefix: string) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`SELECT event_key, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ts, user_name, ip, result, error_code,
      country, city, interactive FROM security_signins WHERE event_key LIKE ${`${prefix}%`} ORDER BY event_key`,
  );

describeEachDatabase('security: sign-in and alert formats (issue 13)', (t) => {
  it('reads a diagnostic-setting blob (one record per line) and an Event Hub {records} message', async () => {
    const ctx = t.ctx();
    const ndjson = [
      record('am-0001', 'SignInLogs', '2026-11-17T09:00:00.1234567Z', 's.mensah@oakfield.example', '81.2.69.20', 0),
      record('am-0002', 'NonInteractiveUserSignInLogs', '2026-11-17T09:05:00Z', 's.mensah@oakfield.example', '81.2.69.20', 50126),
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const a = await jsonImporter('entra-signins-json')(ctx, writeTestFile('PT1H.json', `${ndjson}\n`), opts, () => {});
    expect(a).toMatchObject({ rowsIn: 2, created: 2, rejected: 0 });
    expect(await signins(ctx.db, 'am-')).toEqual([
      {
        event_key: 'am-0001',
        ts: '2026-11-17 09:00:00',
        user_name: 's.mensah@oakfield.example',
        ip: '81.2.69.20',
        result: 'success',
        error_code: 0,
        country: 'GB',
        city: 'London',
        interactive: true,
      },
      {
        event_key: 'am-0002',
        ts: '2026-11-17 09:05:00',
        user_name: 's.mensah@oakfield.example',
        ip: '81.2.69.20',
        result: 'failure',
        error_code: 50126,
        country: 'GB',
        city: 'London',
        interactive: false,
      },
    ]);
    const hub = JSON.stringify({
      records: [
        record(
          'am-0002',
          'NonInteractiveUserSignInLogs',
          '2026-11-17T09:05:00Z',
          's.mensah@oakfield.example',
          '81.2.69.20',
          50126,
        ),
        record('am-0003', 'SignInLogs', '2026-11-17T09:10:00Z', 'j.smith@oakfield.example', '81.2.69.22', 0),
      ],
    });
    const b = await jsonImporter('entra-signins-json')(ctx, writeTestFile('eventhub.json', hub), opts, () => {});
    expect(b).toMatchObject({ rowsIn: 2, created: 1, unchanged: 1 });
  });

  it('refuses an audit-log record among sign-ins, naming its line and its category', async () => {
    const lines = [
      JSON.stringify(record('am-0009', 'SignInLogs', '2026-11-17T10:00:00Z', 'j.smith@oakfield.example', '81.2.69.22', 0)),
      JSON.stringify({ ...record('x', 'AuditLogs', '2026-11-17T10:01:00Z', '', '', 0), operationName: 'Update user' }),
    ].join('\n');
    await expect(jsonImporter('entra-signins-json')(t.ctx(), writeTestFile('mixed.json', lines), opts, () => {})).rejects.toThrow(
      'mixed.json:2: is an Azure Monitor record of category "AuditLogs", not a sign-in',
    );
  });

  it('reads Graph PowerShell ConvertTo-Json output (PascalCase, /Date()/, depth-limited objects)', async () => {
    const ctx = t.ctx();
    const s = await jsonImporter('entra-signins-json')(ctx, writeTestFile('signins-ps.json', POWERSHELL), opts, () => {});
    expect(s).toMatchObject({ rowsIn: 1, created: 1, rejected: 0 });
    expect(await signins(ctx.db, 'ps-')).toEqual([
      {
        event_key: 'ps-0001',
        ts: '2026-11-17 09:10:00',
        user_name: 's.mensah@oakfield.example',
        ip: '81.2.69.21',
        result: 'failure',
        error_code: 50126,
        country: 'GB',
        city: 'London',
        interactive: true,
      },
    ]);
  });

  it("gives a Graph example's trailing comma its real line", async () => {
    const graph = [
      '{',
      '  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",',
      '  "value": [',
      '    {',
      '      "id": "66ea54eb-6301-4ee5-be62-ff5a759b8100",',
      '      "createdDateTime": "2026-11-17T09:15:41.6195833Z",',
      '      "userPrincipalName": "s.mensah@oakfield.example",',
      '      "ipAddress": "81.2.69.23",',
      '      "status": {',
      '        "errorCode": 0,',
      '        "failureReason": "Other.",',
      '        "additionalDetails": "MFA requirement satisfied by claim in the token",',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    await expect(jsonImporter('entra-signins-json')(t.ctx(), writeTestFile('graph.json', graph), opts, () => {})).rejects.toThrow(
      'graph.json:12: not valid JSON: a comma with nothing after it before "}" (a trailing comma)',
    );
  });

  it('reads the Log Analytics CSV export ("TimeGenerated [UTC]" headers, JSON columns)', async () => {
    const ctx = t.ctx();
    const header =
      'TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,Category,ResultType,ResultDescription,CorrelationId,Resource,Identity,Location,AppDisplayName,ClientAppUsed,ConditionalAccessStatus,CreatedDateTime [UTC],DeviceDetail,Id,IPAddress,IsInteractive,LocationDetails,ResourceDisplayName,RiskState,Status,UserAgent,UserDisplayName,UserId,UserPrincipalName,AutonomousSystemNumber,Type';
    const row = (id: string, when: string, code: number) =>
      [
        '72f988bf-0000-0000-0000-2d7cd011db47',
        'Azure AD',
        when,
        '/tenants/72f988bf-0000-0000-0000-2d7cd011db47/providers/Microsoft.aadiam',
        'Sign-in activity',
        'SignInLogs',
        code,
        code ? 'Invalid username or password.' : '',
        `c-${id}`,
        'Microsoft.aadiam',
        'Sienna Mensah',
        'GB',
        'Microsoft Teams',
        'Browser',
        'notApplied',
        when,
        '"{""deviceId"":"""",""operatingSystem"":""Windows10""}"',
        id,
        '81.2.69.24',
        'true',
        '"{""city"":""London"",""state"":""London"",""countryOrRegion"":""GB""}"',
        'Microsoft Graph',
        'none',
        `"{""errorCode"":${code}}"`,
        '"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"',
        'Sienna Mensah',
        '0a1b2c3d-0000-0000-0000-00000000aaaa',
        's.mensah@oakfield.example',
        '5607',
        'SigninLogs',
      ].join(',');
    const csv = [
      header,
      row('la-0001', '"11/17/2026, 9:20:00.000 AM"', 0),
      row('la-0002', '"11/17/2026, 1:25:30.500 PM"', 50126),
    ].join('\r\n');
    const s = await importEntraCsv(ctx, writeTestFile('query_data.csv', `\uFEFF${csv}\r\n`), opts, () => {});
    expect(s).toMatchObject({ rowsIn: 2, created: 2, rejected: 0 });
    expect(await signins(ctx.db, 'la-')).toEqual([
      {
        event_key: 'la-0001',
        ts: '2026-11-17 09:20:00',
        user_name: 's.mensah@oakfield.example',
        ip: '81.2.69.24',
        result: 'success',
        error_code: 0,
        country: 'GB',
        city: null,
        interactive: true,
      },
      {
        event_key: 'la-0002',
        ts: '2026-11-17 13:25:30',
        user_name: 's.mensah@oakfield.example',
        ip: '81.2.69.24',
        result: 'failure',
        error_code: 50126,
        country: 'GB',
        city: null,
        interactive: true,
      },
    ]);
  });

  it('reads Alert Center alerts whose AccountWarning loginDetails is an object, as documented', async () => {
    const ctx = t.ctx();
    const alerts = {
      alerts: [
        {
          customerId: 'C03az79cb',
          alertId: '2b1c4a6e-0000-4000-8000-00000000a001',
          createTime: '2026-11-17T09:07:12.345Z',
          startTime: '2026-11-17T09:00:00Z',
          endTime: '2026-11-17T09:00:00Z',
          type: 'Suspicious login',
          source: 'Google identity',
          data: {
            '@type': 'type.googleapis.com/google.apps.alertcenter.type.AccountWarning',
            email: 'S.Mensah@oakfield.example',
            loginDetails: { loginTime: '2026-11-17T09:00:00Z', ipAddress: '203.0.113.9' },
          },
          deleted: false,
          metadata: {
            customerId: 'C03az79cb',
            alertId: '2b1c4a6e-0000-4000-8000-00000000a001',
            status: 'NOT_STARTED',
            assignee: '',
            updateTime: '2026-11-17T09:07:12.345Z',
            severity: 'MEDIUM',
          },
          updateTime: '2026-11-17T09:07:12.345Z',
        },
      ],
    };
    const s = await jsonImporter('google-alerts')(
      ctx,
      writeTestFile('alerts.json', JSON.stringify(alerts, null, 2)),
      opts,
      () => {},
    );
    expect(s).toMatchObject({ rowsIn: 1, created: 1, rejected: 0 });
    const rows = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT event_type, severity, user_name, ip FROM security_vendor_events WHERE vendor_id = '2b1c4a6e-0000-4000-8000-00000000a001'`,
    );
    expect(rows).toEqual([
      { event_type: 'Suspicious login', severity: 'medium', user_name: 's.mensah@oakfield.example', ip: '203.0.113.9' },
    ]);
  });

  it('reads a Reports API export of one activity per line, naming the line of a bad one', async () => {
    const ctx = t.ctx();
    const activity = (q: string, time: string, name: string, ip: string, params: object[]) =>
      JSON.stringify({
        kind: 'admin#reports#activity',
        id: { time, uniqueQualifier: q, applicationName: 'login', customerId: 'C03az79cb' },
        etag: '"JDMC8884sebSctZ17CIssbQ/q"',
        actor: { email: 'j.smith@oakfield.example', profileId: '114511147312345678901' },
        ipAddress: ip,
        events: [{ type: 'login', name, parameters: params }],
      });
    const lines = [
      activity('-7001', '2026-11-17T09:30:00.000Z', 'login_success', '81.2.69.25', [
        { name: 'login_type', value: 'google_password' },
        { name: 'is_suspicious', boolValue: false },
      ]),
      activity('-7002', '2026-11-17T09:31:00.000Z', 'login_failure', '81.2.69.25', [
        { name: 'login_type', value: 'google_password' },
        { name: 'login_failure_type', value: 'login_failure_invalid_password' },
      ]),
    ];
    const s = await jsonImporter('google-logins')(ctx, writeTestFile('login.ndjson', lines.join('\n')), opts, () => {});
    expect(s).toMatchObject({ rowsIn: 2, created: 2, rejected: 0 });
    const rows = await queryRows<{ result: string; failure_kind: string | null }>(
      ctx.db,
      sql`SELECT result, failure_kind FROM security_signins WHERE event_key LIKE '-700%' ORDER BY ts`,
    );
    expect(rows).toEqual([
      { result: 'success', failure_kind: null },
      { result: 'failure', failure_kind: 'credential' },
    ]);
    const broken = `${lines[0]}\n${(lines[1] as string).slice(0, -2)}\n`;
    await expect(jsonImporter('google-logins')(ctx, writeTestFile('login-bad.ndjson', broken), opts, () => {})).rejects.toThrow(
      'login-bad.ndjson:2: not valid JSON (one record per line)',
    );
  });

  it("reads the Admin console's audit log download, and leaves out account events that are not sign-ins", async () => {
    const ctx = t.ctx();
    const csv = [
      'Event,Description,Actor,Date,IP address,Login type,Login failure type,Login challenge method,Login challenge status',
      'Successful login,p.oduya@oakfield.example logged in,p.oduya@oakfield.example,"Nov 17, 2026, 10:00:00 AM GMT",81.2.69.26,Google password,,,',
      'Failed login,p.oduya@oakfield.example failed to log in,p.oduya@oakfield.example,"Nov 17, 2026, 10:01:00 AM GMT",203.0.113.50,Google password,Invalid password,,',
      'Suspicious login,Google flagged a suspicious login,p.oduya@oakfield.example,"Nov 17, 2026, 10:02:00 AM GMT",203.0.113.50,Google password,,,',
      'Password change,p.oduya@oakfield.example changed their password,p.oduya@oakfield.example,"Nov 17, 2026, 10:05:00 AM GMT",81.2.69.26,,,,',
    ].join('\r\n');
    const s = await importGoogleAuditCsv(ctx, writeTestFile('audit-log.csv', csv), opts, () => {});
    // Three sign-ins and one Google account warning.
    expect(s).toMatchObject({ rowsIn: 4, created: 4, rejected: 0 });
    expect(s.notes).toContain('1 row is a user account event, not a sign-in (password changes, recovery details): left out.');
    const rows = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'HH24:MI') AS ts, event_name, result, failure_kind, ip FROM security_signins
        WHERE user_name = 'p.oduya@oakfield.example' ORDER BY ts`,
    );
    expect(rows).toEqual([
      { ts: '10:00', event_name: 'login_success', result: 'success', failure_kind: null, ip: '81.2.69.26' },
      { ts: '10:01', event_name: 'login_failure', result: 'failure', failure_kind: 'credential', ip: '203.0.113.50' },
      { ts: '10:02', event_name: 'suspicious_login', result: 'other', failure_kind: null, ip: '203.0.113.50' },
    ]);
    const warned = await queryRows<{ event_type: string }>(
      ctx.db,
      sql`SELECT event_type FROM security_vendor_events WHERE user_name = 'p.oduya@oakfield.example'`,
    );
    expect(warned).toEqual([{ event_type: 'suspicious_login' }]);
    // The same download twice adds nothing; a copy with one more row adds that row only.
    const again = await importGoogleAuditCsv(
      ctx,
      writeTestFile(
        'audit-log-2.csv',
        `${csv}\r\nSuccessful login,p.oduya@oakfield.example logged in,p.oduya@oakfield.example,"Nov 17, 2026, 11:00:00 AM GMT",81.2.69.26,Google password,,,`,
      ),
      opts,
      () => {},
    );
    expect(again).toMatchObject({ created: 1 });
  });

  it('refuses a numeric date in the audit download, and an Entra download given as one, naming the right kind', async () => {
    const ctx = t.ctx();
    const csv =
      'Event,Description,Actor,Date,IP address\nSuccessful login,x,p.oduya@oakfield.example,05/06/2026 09:00,81.2.69.26\n';
    await expect(importGoogleAuditCsv(ctx, writeTestFile('audit.csv', csv), opts, () => {})).rejects.toThrow(
      'audit.csv:2 [Date]: "05/06/2026 09:00" is not a date this download writes',
    );
    const entra = 'Date (UTC),Request ID,Username,IP address,Status\n2026-11-17T09:00:00Z,r1,a@b.example,81.2.69.1,Success\n';
    await expect(importGoogleAuditCsv(ctx, writeTestFile('InteractiveSignIns.csv', entra), opts, () => {})).rejects.toThrow(
      'InteractiveSignIns.csv:1: this looks like an Entra sign-in download, not a Google one: try `belfry import entra-signins`',
    );
  });
});
