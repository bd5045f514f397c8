import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { runDetections } from '../detect/run-detections.ts';
import { ev, store } from '../detect/test-events.ts';
import { listAlerts } from '../domain/alerts.ts';
import { jsonImporter } from '../import/json-importers.ts';
import { activeSigmaRules, importSigmaRules, listSigmaRules } from './sigma-rules.ts';

/**
 * Sigma rules as SigmaHQ ships them: a folder (rules/cloud/azure/..., rules/network/cisco/...),
 * four-space YAML, and multi-rule files. The fixtures follow SigmaHQ's rule shape (title, id,
 * status, description, references, author, date, tags, logsource, detection, falsepositives, level).
 */

const rule = (r: { title: string; id: string; logsource: string; detection: string; level?: string; author?: string }) =>
  `title: ${r.title}
id: ${r.id}
status: test
description: ${r.title}.
references:
    - https://github.com/SigmaHQ/sigma
author: ${r.author ?? "Gloria Lee, '@gleeiamglo'"}
date: 2023-08-22
tags:
    - attack.credential_access
logsource:
${r.logsource}
detection:
${r.detection}
falsepositives:
    - Unknown
level: ${r.level ?? 'high'}
`;

const AZURE_SIGNIN = '    product: azure\n    service: signinlogs';
const RISK = '    product: azure\n    service: riskdetection';

const LEAKED = rule({
  title: 'Azure AD Account Credential Leaked',
  id: '19128e5e-4743-48dc-bd97-52e5775af817',
  logsource: RISK,
  detection: "    selection:\n        riskEventType: 'leakedCredentials'\n    condition: selection",
});
const ANON = rule({
  title: 'Anonymous IP Address',
  id: '53acd925-2003-440d-a1f3-71a5253fe237',
  logsource: RISK,
  detection: "    selection:\n        riskEventType: 'anonymizedIPAddress'\n    condition: selection",
});
const SIGNIN = rule({
  title: 'Sign-in Failure Due to Conditional Access Requirements Not Met',
  id: 'b4a6d707-9430-4f5f-af68-0337f52d5c42',
  logsource: AZURE_SIGNIN,
  detection:
    '    selection:\n        ResultType: 53003\n        Resultdescription: Blocked by Conditional Access\n    condition: selection',
});
// SigmaHQ rules/network/cisco/aaa/cisco_cli_discovery.yml: keywords only, one of them "dir".
const CISCO = rule({
  title: 'Cisco Discovery',
  id: '9705a6a1-6db6-4a16-a987-15b7151e299b',
  author: 'Austin Clark',
  logsource: '    product: cisco\n    service: aaa\n    category: accounting',
  detection: "    keywords:\n        - 'dir'\n        - 'show processes'\n        - 'show arp'\n    condition: keywords",
  level: 'low',
});
const LINUX = rule({
  title: 'Suspicious Activity in Shell Commands',
  id: '2aa1440c-9ae9-4d92-84a7-a9e5f5e31695',
  logsource: '    product: linux',
  detection: "    keywords:\n        - 'wget * - http* | perl'\n        - 'chmod +s /tmp/'\n    condition: keywords",
});
const WEB = rule({
  title: 'Source Code Enumeration Detection by Keyword',
  id: '953d460b-f810-420a-97a2-cfca4c98e602',
  logsource: '    category: webserver',
  detection: "    keywords:\n        - '.git/'\n    condition: keywords",
});

function sigmaFolder(): string {
  const root = path.dirname(writeTestFile('marker', ''));
  const put = (rel: string, text: string) => {
    const p = path.join(root, 'rules', rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  put('cloud/azure/identity_protection/azure_identity_protection_leaked_credentials.yml', LEAKED);
  put('cloud/azure/identity_protection/azure_identity_protection_anonymous_ip_address.yml', ANON);
  put('cloud/azure/signin_logs/azure_conditional_access_failure.yml', SIGNIN);
  put('network/cisco/aaa/cisco_cli_discovery.yml', CISCO);
  put('linux/builtin/lnx_shell_susp_commands.yml', LINUX);
  put('web/webserver_generic/web_source_code_enumeration.yml', WEB);
  return path.join(root, 'rules');
}

const opts = { dryRun: false, skipInvalid: false };

describeEachDatabase('Sigma rules as SigmaHQ ships them', (t) => {
  it('takes a folder: rules for the logs Belfry reads are taken, the rest are reported with the reason', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const s = await importSigmaRules(ctx, sigmaFolder(), { ...opts, fileName: 'rules' });
    expect(s).toMatchObject({ rowsIn: 6, created: 3, updated: 0, unchanged: 0, rejected: 3, problems: [] });
    expect(s.notes?.[0]).toBe(
      'Taken: 3 rules (3 new, 0 changed, 0 unchanged): "Anonymous IP Address" on risk detections, "Azure AD Account Credential Leaked" on risk detections, "Sign-in Failure Due to Conditional Access Requirements Not Met" on sign-ins.',
    );
    expect(s.notes).toContain(
      'Not taken: 3 rules for logs Belfry does not read (it reads azure/signinlogs, azure/riskdetection, gcp/google_workspace.login):',
    );
    expect(s.notes).toContain(
      '  product cisco, service aaa, category accounting: 1 (rules/network/cisco/aaa/cisco_cli_discovery.yml:1)',
    );
    expect(s.notes).toContain('  product linux: 1 (rules/linux/builtin/lnx_shell_susp_commands.yml:1)');
    expect(s.notes).toContain('  category webserver: 1 (rules/web/webserver_generic/web_source_code_enumeration.yml:1)');
    const ids = (await listSigmaRules(ctx)).map((r) => r.id);
    expect(ids).not.toContain('9705a6a1-6db6-4a16-a987-15b7151e299b');
    // The Cisco keyword "dir" is never run against a sign-in to "Windows Azure Active Directory".
    await store(ctx, [
      ev({ ts: '2026-11-10T09:00:00Z', user: 'dir@school.example', ip: '81.2.69.90', app: 'Windows Azure Active Directory' }),
    ]);
    await runDetections(ctx, { from: new Date('2026-11-10T00:00:00Z'), to: new Date('2026-11-10T23:59:59Z') });
    expect((await listAlerts(ctx)).filter((a) => a.type === 'sigma' && a.title.startsWith('Cisco'))).toEqual([]);
    // The same folder again: nothing new.
    expect(await importSigmaRules(ctx, sigmaFolder(), { ...opts, fileName: 'rules' })).toMatchObject({
      created: 0,
      unchanged: 3,
    });
  });

  it('identity-protection rules run over the imported risk detections', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    // Graph GET /identityProtection/riskDetections, as Microsoft documents the riskDetection resource.
    const graph = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#riskDetections',
      value: [
        {
          id: '6a5874ca-abcd-9d82-5ad39bd71cf8e4e5a5b6d8f8ce1c37e1fd1e8a1e3c0b4d11',
          requestId: '6ee20286-4ea4-4e1b-a2a8-0a4ff2cf0b00',
          correlationId: 'e1d9f3a2-1b2c-4d5e-8f90-123456789abc',
          riskEventType: 'leakedCredentials',
          riskState: 'atRisk',
          riskLevel: 'high',
          riskDetail: 'none',
          source: 'IdentityProtection',
          detectionTimingType: 'offline',
          activity: 'user',
          tokenIssuerType: 'AzureAD',
          ipAddress: null,
          activityDateTime: '2026-11-09T06:00:00Z',
          detectedDateTime: '2026-11-09T06:00:00Z',
          lastUpdatedDateTime: '2026-11-09T06:05:00Z',
          userId: 'a1b2c3d4-0000-0000-0000-000000000001',
          userDisplayName: 'Sam Harding',
          userPrincipalName: 's.harding@oakfield.example',
          additionalInfo: '[{"Key":"userAgent","Value":null}]',
          location: null,
        },
      ],
    };
    await jsonImporter('entra-risk-detections')(ctx, writeTestFile('risk.json', JSON.stringify(graph)), opts, () => {});
    await runDetections(ctx, { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-09T23:59:59Z') });
    const sigma = (await listAlerts(ctx)).filter((a) => a.type === 'sigma' && a.users.includes('s.harding@oakfield.example'));
    expect(sigma.map((a) => a.title)).toEqual(['Azure AD Account Credential Leaked: s.harding@oakfield.example']);
    expect(sigma[0]?.severity).toBe('high');
  });

  it('a multi-rule file: each rule has its own line, and a broken one is refused at its real line', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const broken = rule({
      title: 'Broken',
      id: 'c0ffee00-0000-4000-8000-000000000001',
      logsource: AZURE_SIGNIN,
      detection: '    selection:\n        ResultType: [50126\n    condition: selection',
    });
    const unsupported = rule({
      title: 'Base64 user agent',
      id: 'c0ffee00-0000-4000-8000-000000000002',
      logsource: AZURE_SIGNIN,
      detection: '    selection:\n        userAgent|base64offset|contains: evil\n    condition: selection',
    });
    const text = `${SIGNIN}---\n${broken}---\n${unsupported}---\n${CISCO}`;
    const file = writeTestFile('school-rules.yml', text);
    const lines = text.split('\n');
    const brokenAt = lines.indexOf('title: Broken') + 1;
    const unsupportedAt = lines.indexOf('title: Base64 user agent') + 1;
    const err = (await importSigmaRules(ctx, file, { ...opts, fileName: 'school-rules.yml' }).catch((e) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems.map((p) => p.line)).toEqual([lines.findIndex((l) => l.includes('[50126')) + 2, unsupportedAt]);
    expect(err.problems[0]?.line).toBeGreaterThan(brokenAt);
    expect(err.problems[1]?.message).toContain('unsupported modifier "base64offset"');
    expect(err.message).toContain('--skip-invalid takes the rules that can run');
    const s = await importSigmaRules(ctx, file, { ...opts, skipInvalid: true, fileName: 'school-rules.yml' });
    expect(s).toMatchObject({ rowsIn: 4, rejected: 3 });
    expect(s.notes?.at(-1)).toBe('Not taken, could not be run: 2 (listed above).');
    expect(s.notes).toContain(
      `  product cisco, service aaa, category accounting: 1 (school-rules.yml:${lines.indexOf('title: Cisco Discovery') + 1})`,
    );
  });

  it("a rule with a shipped rule's id replaces it: one id, one rule; a switched-off shipped id is refused, not stored off", async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const mine = rule({
      title: 'User Access Blocked by Azure Conditional Access (ours)',
      id: '9a60e676-26ac-44c3-814b-0c2a8b977adf',
      logsource: AZURE_SIGNIN,
      detection:
        '    selection:\n        ResultType: 53003\n    filter:\n        IPAddress|cidr: 81.2.69.0/24\n    condition: selection and not filter',
      level: 'low',
    });
    const s = await importSigmaRules(ctx, writeTestFile('ca.yml', mine), { ...opts, fileName: 'ca.yml' });
    expect(s).toMatchObject({ created: 1, rejected: 0 });
    expect(s.notes).toContain(
      '"User Access Blocked by Azure Conditional Access (ours)" (9a60e676-26ac-44c3-814b-0c2a8b977adf) replaces the shipped rule "User Access Blocked by Azure Conditional Access": yours runs in its place (one id, one rule).',
    );
    const active = (await activeSigmaRules(ctx)).filter((r) => r.id === '9a60e676-26ac-44c3-814b-0c2a8b977adf');
    expect(active.map((r) => [r.origin, r.level])).toEqual([['school', 'low']]);
    const off = rule({
      title: 'Multifactor Authentication Interrupted (ours)',
      id: '5496ff55-42ec-4369-81cb-00f417029e25',
      logsource: AZURE_SIGNIN,
      detection: '    selection:\n        ResultType: 500121\n    condition: selection',
    });
    const err = (await importSigmaRules(ctx, writeTestFile('mfa.yml', off), { ...opts, fileName: 'mfa.yml' }).catch(
      (e) => e,
    )) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems[0]).toMatchObject({ file: 'mfa.yml', line: 1 });
    expect(err.problems[0]?.message).toContain('which is switched off (security.sigmaRulesOff)');
    expect(err.problems[0]?.message).toContain('give your rule its own id');
  });
});
