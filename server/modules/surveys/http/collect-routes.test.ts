import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';

describeEachDatabase('survey collection over HTTP', (t) => {
  it('builds, publishes and collects a prep survey; a retried submit is stored once; roles are enforced', async () => {
    const app = await testApp(t.database(), fixedClock('2026-11-16T09:00:00Z'));
    const admin = await signInAs(app, t.database(), 'admin');
    const slt = await signInAs(app, t.database(), 'slt');
    const pupil = await signInAs(app, t.database(), 'pupil');
    const created = await admin.request({
      method: 'POST',
      url: '/api/surveys/instruments',
      payload: { audience: 'prep', year: 2026 },
    });
    expect(created.statusCode).toBe(201);
    const inst = created.json() as { id: string; shareToken: string; smileyYears: number[] };
    expect(inst.smileyYears).toEqual([3, 4]);
    expect(
      (await slt.request({ method: 'POST', url: '/api/surveys/instruments', payload: { audience: 'staff', year: 2026 } }))
        .statusCode,
    ).toBe(403);
    const items = await admin.request({
      method: 'PUT',
      url: `/api/surveys/instruments/${inst.id}/items`,
      payload: {
        items: [
          { kind: 'scale', wording: 'When you use an iPad in class, does it work?', scaleId: 'often5', allowNotUsed: true },
          {
            kind: 'multi',
            wording: 'What do you use?',
            options: [
              { code: 'IPAD', label: 'iPad' },
              { code: 'LAPTOP', label: 'Laptop' },
            ],
          },
          { kind: 'text', wording: 'Anything else?' },
        ],
      },
    });
    expect(items.statusCode).toBe(200);
    const [scaleItem, multiItem, textItem] = (items.json() as { items: { id: string }[] }).items;
    const early = await admin.request({
      method: 'PATCH',
      url: `/api/surveys/instruments/${inst.id}`,
      payload: { published: true },
    });
    expect(early.json().error).toBe('Set the opening and closing dates before publishing');
    const published = await admin.request({
      method: 'PATCH',
      url: `/api/surveys/instruments/${inst.id}`,
      payload: { opensAt: '2026-11-16T08:00:00Z', closesAt: '2026-11-30T17:00:00Z', published: true },
    });
    expect(published.json()).toMatchObject({ state: 'open' });

    const page = await app.inject({ method: 'GET', url: `/api/public/surveys/${inst.shareToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ state: 'open', survey: { audience: 'prep', smileySegments: ['Y3', 'Y4'] } });
    const key = randomUUID();
    const answer = {
      key,
      segment: 'Y3',
      answers: [
        { itemId: scaleItem?.id, code: 3 },
        { itemId: multiItem?.id, options: ['IPAD'] },
        { itemId: textItem?.id, text: 'The iPads are great' },
      ],
    };
    const first = await app.inject({ method: 'POST', url: `/api/public/surveys/${inst.shareToken}/responses`, payload: answer });
    expect(first.statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url: `/api/public/surveys/${inst.shareToken}/responses`, payload: answer });
    expect(again.json()).toEqual({ stored: false, duplicate: true });
    // A Year 3 pupil answers on the smiley scale: code 4 is not on it.
    const tooHigh = await app.inject({
      method: 'POST',
      url: `/api/public/surveys/${inst.shareToken}/responses`,
      payload: { ...answer, key: randomUUID(), answers: [{ itemId: scaleItem?.id, code: 4 }] },
    });
    expect(tooHigh.statusCode).toBe(400);
    const detail = await admin.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` });
    expect(detail.json()).toMatchObject({ responses: 1 });
    expect((await pupil.request({ method: 'GET', url: '/api/surveys/results' })).statusCode).toBe(403);
    expect((await slt.request({ method: 'GET', url: '/api/surveys/results' })).statusCode).toBe(200);
    expect((await slt.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` })).statusCode).toBe(403);
    // The pupil's comment waits for a safeguarding reviewer: nobody is named yet, so the Director sees none.
    const comments = await admin.request({ method: 'GET', url: '/api/surveys/comments' });
    expect(comments.json()).toEqual({ reviewer: false, comments: [] });
    expect((await slt.request({ method: 'GET', url: '/api/surveys/comments' })).statusCode).toBe(403);
    // The tab is only the reviewers' and the Director's; the Director is told nobody reviews yet.
    expect((await admin.request({ method: 'GET', url: '/api/surveys/comments/access' })).json()).toEqual({
      canRead: true,
      reviewer: false,
      reviewers: [],
    });
    expect((await slt.request({ method: 'GET', url: '/api/surveys/comments/access' })).json()).toEqual({
      canRead: false,
      reviewer: false,
      reviewers: null,
    });

    // Single-use links: each works once, however it is retried with a new key.
    await admin.request({ method: 'PATCH', url: `/api/surveys/instruments/${inst.id}`, payload: { collection: 'single_use' } });
    expect((await app.inject({ method: 'GET', url: `/api/public/surveys/${inst.shareToken}` })).statusCode).toBe(404);
    const links = (
      await admin.request({ method: 'POST', url: `/api/surveys/instruments/${inst.id}/links`, payload: { count: 3 } })
    ).json() as {
      links: string[];
    };
    expect(links.links).toHaveLength(3);
    const token = links.links[0]?.split('/s/')[1] as string;
    const use = (k: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/surveys/${token}/responses`,
        payload: { key: k, segment: 'Y6', answers: [{ itemId: scaleItem?.id, notUsed: true }] },
      });
    const k1 = randomUUID();
    expect((await use(k1)).statusCode).toBe(201);
    expect((await use(k1)).json()).toEqual({ stored: false, duplicate: true });
    const second = await use(randomUUID());
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe('This link has already been used');
    expect((await app.inject({ method: 'GET', url: `/api/public/surveys/${token}` })).json()).toMatchObject({ state: 'used' });
    expect((await admin.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` })).json()).toMatchObject({
      responses: 2,
      tokens: { issued: 3, used: 1 },
    });
    await app.close();
  });
});

describeEachDatabase('the import wizard preview', (t) => {
  it('shows the columns, their answers and a suggested mapping, without reading names or emails', async () => {
    const app = await testApp(t.database());
    const admin = await signInAs(app, t.database(), 'admin');
    const { msFormsFile, SATISFIED, WIFI } = await import('../domain/test-fixtures.ts');
    const bytes = await readFile(await msFormsFile(2021, SATISFIED));
    const boundary = 'belfry-test-boundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="staff-2021.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await admin.request({
      method: 'POST',
      url: '/api/surveys/import/preview',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(200);
    const p = res.json() as {
      format: string;
      rows: number;
      metaColumns: { header: string; stored: boolean }[];
      columns: {
        header: string;
        values: { value: string; count: number }[] | null;
        suggested: { use: string; scaleId?: string };
      }[];
    };
    expect(p).toMatchObject({ format: 'Microsoft Forms', rows: 38 });
    expect(p.metaColumns.filter((m) => !m.stored).map((m) => m.header)).toEqual(['Start time', 'Email', 'Name']);
    const wifi = p.columns.find((c) => c.header === WIFI);
    expect(wifi?.suggested).toMatchObject({ use: 'scale', scaleId: 'satisfied5' });
    expect(wifi?.values?.find((v) => v.value === 'Satisfied')?.count).toBe(12);
    expect(p.columns.find((c) => c.header === 'Any other comments?')?.suggested.use).toBe('text');
    expect(res.body).not.toContain('fixture.example');
    await app.close();
  });
});
