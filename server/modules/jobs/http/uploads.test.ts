import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../../app.ts';
import { fixedClock } from '../../../lib/clock.ts';
import type { Actor } from '../../../lib/context.ts';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { type Session, signInAs } from '../../../lib/test-http.ts';
import { setSetting } from '../../settings/index.ts';
import { sweepUploads, uploadsPerUserSetting, uploadsTotalSetting } from '../index.ts';

const TMP = path.resolve('.tmp/uploads-test', String(process.pid));
const BOUNDARY = 'belfry-upload-boundary';
const head = (name: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
const multipart = (name: string, content: Buffer) => Buffer.concat([head(name), content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
const HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const PEOPLE = Buffer.from('External ID,Kind,Given name,Family name,Email\nP1,pupil,Aisha,Khan,26khana@oakfield.example\n');

describeEachDatabase('uploads', (t) => {
  const dataDir = path.join(TMP, t.kind);
  const uploads = path.join(dataDir, 'uploads');
  const config = { ...TEST_CONFIG, dataDir };
  let app: App;
  let admin: Session;
  let it1: Session & { email: string };
  let pupil: Session;
  let adminActor: Actor;
  const left = () => {
    try {
      return readdirSync(uploads);
    } catch {
      return [];
    }
  };
  const setLimit = async (key: string, value: number) =>
    setSetting(t.ctx(adminActor), [uploadsPerUserSetting, uploadsTotalSetting], key, { value });

  beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    app = await buildApp({ database: t.database(), config, clock: fixedClock('2026-11-16T09:00:00Z') });
    await app.ready();
    admin = await signInAs(app, t.database(), 'admin');
    it1 = await signInAs(app, t.database(), 'it');
    pupil = await signInAs(app, t.database(), 'pupil');
    adminActor = { kind: 'user', id: crypto.randomUUID(), email: 'a@x.example', name: 'Admin', role: 'admin' };
  });
  beforeEach(async () => {
    rmSync(uploads, { recursive: true, force: true });
    await setLimit('uploads.perUserMb', 2048);
    await setLimit('uploads.totalMb', 8192);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a file sent to a route the caller may not use, and keeps none of it', async () => {
    const res = await pupil.request({
      method: 'POST',
      url: '/api/imports/people',
      headers: HEADERS,
      payload: multipart('p.csv', PEOPLE),
    });
    expect(res.statusCode).toBe(403);
    // The survey preview is the admin's: IT is refused before the file is stored.
    const survey = await it1.request({
      method: 'POST',
      url: '/api/surveys/import/preview',
      headers: HEADERS,
      payload: multipart('forms.csv', PEOPLE),
    });
    expect(survey.statusCode).toBe(403);
    expect(left()).toEqual([]);
  });

  it('removes the file of a preview once it has answered, and a file the importer refused', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/imports/people/preview',
      headers: HEADERS,
      payload: multipart('people.csv', PEOPLE),
    });
    expect(res.statusCode).toBe(200);
    expect(left()).toEqual([]);
    const survey = await admin.request({
      method: 'POST',
      url: '/api/surveys/import/preview',
      headers: HEADERS,
      payload: multipart('not-a-survey.csv', PEOPLE),
    });
    expect(survey.statusCode).toBe(400);
    expect(left()).toEqual([]);
  });

  it("stops an upload at the person's limit, says so, and keeps nothing", async () => {
    await setLimit('uploads.perUserMb', 1);
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const res = await it1.request({
      method: 'POST',
      url: '/api/imports/people/preview',
      headers: HEADERS,
      payload: multipart('big.csv', big),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('big.csv is larger than the 1 MB you may upload now');
    expect(left()).toEqual([]);
  });

  it('refuses before reading when the person or everyone already holds the limit', async () => {
    mkdirSync(uploads, { recursive: true });
    const me = (await admin.request({ method: 'GET', url: '/api/me' })).json() as { id?: string; user?: { id: string } };
    const myId = me.user?.id ?? me.id;
    writeFileSync(path.join(uploads, `${myId}.waiting.upload`), Buffer.alloc(1024 * 1024));
    await setLimit('uploads.perUserMb', 1);
    const mine = await admin.request({
      method: 'POST',
      url: '/api/imports/people/preview',
      headers: HEADERS,
      payload: multipart('p.csv', PEOPLE),
    });
    expect(mine.statusCode).toBe(429);
    expect(mine.json().error).toMatch(/^Your uploads waiting to be imported already use 1 MB, your limit/);
    await setLimit('uploads.perUserMb', 2048);
    await setLimit('uploads.totalMb', 1);
    const everyone = await it1.request({
      method: 'POST',
      url: '/api/imports/people/preview',
      headers: HEADERS,
      payload: multipart('p.csv', PEOPLE),
    });
    expect(everyone.statusCode).toBe(429);
    expect(everyone.json().error).toMatch(/^Uploads waiting to be imported already use 1 MB, the limit for everyone/);
    expect(left()).toEqual([`${myId}.waiting.upload`]);
  });

  it('removes an upload the client abandoned half-way', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const part = Buffer.concat([head('half.csv'), Buffer.alloc(256 * 1024, 'x')]);
    socket.write(
      `POST /api/imports/people/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\ncookie: ${admin.cookie}\r\nx-csrf-token: ${admin.csrf}\r\ncontent-type: multipart/form-data; boundary=${BOUNDARY}\r\ncontent-length: ${part.length + 10_000_000}\r\n\r\n`,
    );
    socket.write(part);
    // The server has begun to store it.
    for (let i = 0; i < 100 && left().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(left()).toHaveLength(1);
    socket.destroy();
    for (let i = 0; i < 100 && left().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(left()).toEqual([]);
  });

  it('a Graph sign-ins JSON sent as the portal CSV, and a Wi-Fi events log sent as clients, are named for what they are', async () => {
    // Microsoft Graph `GET /auditLogs/signIns`, one sign-in as the documentation shows it.
    const graph = JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: [
        {
          id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
          createdDateTime: '2026-11-03T08:15:41Z',
          userDisplayName: 'Dan Cooper',
          userPrincipalName: 'd.cooper@oakfield.example',
          appDisplayName: 'Graph Explorer',
          ipAddress: '81.2.69.160',
          clientAppUsed: 'Browser',
          status: { errorCode: 0, failureReason: null },
          location: { city: 'London', countryOrRegion: 'GB' },
        },
      ],
    });
    // UniFi Network `GET /api/s/{site}/stat/event`: an events log, not polls of the clients.
    const events = JSON.stringify({
      meta: { rc: 'ok' },
      data: [
        {
          _id: '6554f0e1a1b2c3d4e5f60718',
          key: 'EVT_WU_Connected',
          user: '3c:22:fb:10:20:30',
          ssid: 'Oakfield-Staff',
          ap: '74:ac:b9:11:22:33',
          time: 1793520000000,
          datetime: '2026-11-03T08:00:00Z',
          msg: 'User[3c:22:fb:10:20:30] has connected to AP[74:ac:b9:11:22:33] with SSID "Oakfield-Staff"',
          subsystem: 'wlan',
        },
      ],
    });
    const sign = await it1.request({
      method: 'POST',
      url: '/api/imports/entra-signins',
      headers: HEADERS,
      payload: multipart('signins.json', Buffer.from(graph)),
    });
    expect(sign.statusCode).toBe(400);
    expect(sign.json().error).toBe(
      'signins.json looks like entra-signins-json (Entra ID sign-ins as JSON: Graph ({value:[...]}), Azure Monitor (diagnostic-setting NDJSON, Event Hub {records:[...]}), Graph PowerShell ConvertTo-Json), not entra-signins: try `belfry import entra-signins-json signins.json` (or choose entra-signins-json in the upload dialog).',
    );
    expect(left()).toEqual([]);
    const wifi = await it1.request({
      method: 'POST',
      url: '/api/imports/unifi-clients',
      headers: HEADERS,
      payload: multipart('events.json', Buffer.from(events)),
    });
    expect(wifi.statusCode).toBe(400);
    expect(wifi.json().error).toMatch(
      /^events\.json looks like unifi-events \(.+\), not unifi-clients: try `belfry import unifi-events events\.json`/,
    );
    expect(left()).toEqual([]);
    // No job was started for either.
    const jobs = (await it1.request({ method: 'GET', url: '/api/jobs' })).json() as { jobs: { kind: string }[] };
    expect(jobs.jobs.filter((j) => j.kind === 'import:entra-signins' || j.kind === 'import:unifi-clients')).toEqual([]);
  });

  it('sweeps whatever a stopped server left behind', async () => {
    mkdirSync(uploads, { recursive: true });
    writeFileSync(path.join(uploads, 'a.upload'), 'abc');
    writeFileSync(path.join(uploads, 'b.upload'), 'defg');
    expect(await sweepUploads(dataDir)).toEqual({ files: 2, bytes: 7 });
    expect(left()).toEqual([]);
  });
});
