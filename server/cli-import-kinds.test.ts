import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBelfry } from './lib/test-cli.ts';
import { writeTestFile } from './lib/test-files.ts';

/**
 * `belfry import` given the wrong kind of file, a missing path or a folder: one line a
 * technician can act on (the kind the file looks like and the command to run), never a raw
 * ENOENT or EISDIR, and nothing opened or saved. The fixtures are in the vendors' documented shapes.
 */

const ROOT = path.resolve('.tmp/cli-kinds-test', String(process.pid));

const belfry = (argv: string[]) => runBelfry(path.join(ROOT, 'data'), argv);

// Microsoft Graph `GET /auditLogs/signIns` (the documentation's example response, one sign-in).
const GRAPH_SIGNINS = JSON.stringify(
  {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
    value: [
      {
        id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
        createdDateTime: '2026-11-03T08:15:41Z',
        userDisplayName: 'Dan Cooper',
        userPrincipalName: 'd.cooper@oakfield.example',
        userId: '26be570a-ae82-4189-b4e2-a37c6808512d',
        appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
        appDisplayName: 'Graph Explorer',
        ipAddress: '81.2.69.160',
        clientAppUsed: 'Browser',
        correlationId: 'd79f5bee-5860-4832-928f-3133e22ae912',
        conditionalAccessStatus: 'notApplied',
        isInteractive: true,
        riskDetail: 'none',
        riskLevelAggregated: 'none',
        riskLevelDuringSignIn: 'none',
        riskState: 'none',
        riskEventTypes: [],
        resourceDisplayName: 'Microsoft Graph',
        status: { errorCode: 0, failureReason: null, additionalDetails: null },
        location: {
          city: 'London',
          state: 'London',
          countryOrRegion: 'GB',
          geoCoordinates: { latitude: 51.5, longitude: -0.12 },
        },
      },
    ],
  },
  null,
  2,
);

// UniFi Network `GET /api/s/{site}/stat/event` (an events log, not client polls).
const UNIFI_EVENTS = JSON.stringify({
  meta: { rc: 'ok' },
  data: [
    {
      _id: '6554f0e1a1b2c3d4e5f60718',
      key: 'EVT_WU_Connected',
      user: '3c:22:fb:10:20:30',
      ssid: 'Oakfield-Staff',
      ap: '74:ac:b9:11:22:33',
      radio: 'na',
      channel: '44',
      hostname: 'LT-0231',
      time: 1793520000000,
      datetime: '2026-11-03T08:00:00Z',
      msg: 'User[3c:22:fb:10:20:30] has connected to AP[74:ac:b9:11:22:33] with SSID "Oakfield-Staff" on "channel 44(na)"',
      site_id: '5f1a2b3c4d5e6f7a8b9c0d1e',
      subsystem: 'wlan',
    },
  ],
});

describe('belfry import with the wrong kind of file', () => {
  beforeAll(() => {
    rmSync(ROOT, { recursive: true, force: true });
    mkdirSync(ROOT, { recursive: true });
  });
  afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

  it('Graph JSON given to the portal CSV kind: it names entra-signins-json and the command', async () => {
    const file = writeTestFile('signins.json', GRAPH_SIGNINS);
    const r = await belfry(['import', 'entra-signins', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('looks like entra-signins-json');
    expect(r.stderr).toContain(`try \`belfry import entra-signins-json ${file}\``);
  });

  it('a JSON file given to a CSV kind that nothing else claims says it is JSON and what the kind reads', async () => {
    const file = writeTestFile('tickets.json', JSON.stringify([{ number: 1, title: 'Projector' }]));
    const r = await belfry(['import', 'tickets', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${file} is a JSON file, but tickets reads a CSV file (Past help desk tickets (CSV from Zammad, osTicket, Freshservice...); columns matched by header).`,
    );
  });

  it('a UniFi events log given to the clients kind: it names unifi-events', async () => {
    const file = writeTestFile('events.json', UNIFI_EVENTS);
    const r = await belfry(['import', 'unifi-clients', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('looks like unifi-events');
    expect(r.stderr).toContain(`try \`belfry import unifi-events ${file}\``);
  });

  it('a missing file and a folder each get one plain line, never ENOENT or EISDIR', async () => {
    const missing = path.join(ROOT, 'nowhere', 'export.csv');
    const a = await belfry(['import', 'tickets', missing]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`There is no file at ${missing}: check the path and the name.\n`);
    const b = await belfry(['import', 'people', ROOT]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`${ROOT} is a folder, not a file: give the path of the file inside it.\n`);
    expect(a.stderr + b.stderr).not.toMatch(/ENOENT|EISDIR/);
  });

  it('belfry school add sets up a school that a people import then finds', { timeout: 240_000 }, async () => {
    const a = await belfry(['school', 'add', '--code', 'senior', '--name', 'Oakfield Senior School', '--phase', 'senior']);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(a.stdout).toBe('Added Oakfield Senior School (code senior, senior). Import files name it by its code or its name.\n');
    const list = await belfry(['school', 'list']);
    expect(list.stdout).toBe('senior       Oakfield Senior School (senior)\n');
    const again = await belfry(['school', 'add', '--code', 'senior', '--name', 'Again']);
    expect(again).toMatchObject({ code: 2, stderr: 'A school with code senior already exists\n' });
    const people = writeTestFile(
      'people.csv',
      'Admission No,Forename,Surname,Type,School\nS1,Dan,Cooper,Staff,senior\nS2,Ann,Lee,Staff,westfield\n',
    );
    const bad = await belfry(['import', 'people', people]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'unknown school "westfield" (known: senior; add another with `belfry school add` or in Settings, Schools)',
    );
  });
});
