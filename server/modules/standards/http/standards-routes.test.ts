import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';

const multipart = (name: string, type: string, content: string) => {
  const boundary = '----belfry-standards';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

describeEachDatabase('the standards routes', (t) => {
  let app: App;
  let admin: Session;
  beforeAll(async () => {
    app = await testApp(t.database());
    admin = await signInAs(app, t.database(), 'admin');
    expect(
      (await admin.request({ method: 'POST', url: '/api/standards/catalogues/dfe-dts/adopt', payload: {} })).statusCode,
    ).toBe(201);
  });
  afterAll(async () => {
    await app.close();
  });

  it('uploads a file as evidence, marks the requirement met, and serves the file back only as a download', async () => {
    const url = '/api/standards/requirements/dfe.filtering.annual-review';
    const up = await admin.request({
      method: 'POST',
      url: `${url}/evidence/file`,
      ...multipart('review.html', 'text/html', '<script>alert(1)</script>'),
    });
    expect(up.statusCode).toBe(201);
    const met = await admin.request({ method: 'PATCH', url, payload: { status: 'met' } });
    expect(met.statusCode).toBe(200);
    const detail = met.json() as {
      assessment: { status: string };
      evidence: { id: string; fileName: string }[];
      review: { rag: string };
    };
    expect([detail.assessment.status, detail.review.rag, detail.evidence.map((e) => e.fileName)]).toEqual([
      'met',
      'green',
      ['review.html'],
    ]);
    const file = await admin.request({ method: 'GET', url: `/api/standards/evidence/${detail.evidence[0]?.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/octet-stream');
    expect(file.headers['content-disposition']).toBe('attachment; filename="review.html"');
    expect(file.body).toBe('<script>alert(1)</script>');
  });

  it('refuses a bad status, a link that is not http(s), and every change from IT, SLT, staff and pupils', async () => {
    const url = '/api/standards/requirements/dfe.cabling.copper';
    expect((await admin.request({ method: 'PATCH', url, payload: { status: 'done' } })).statusCode).toBe(400);
    const js = await admin.request({
      method: 'POST',
      url: `${url}/evidence`,
      payload: { kind: 'link', label: 'x', url: 'javascript:alert(1)' },
    });
    expect(js.statusCode).toBe(400);
    for (const role of ['it', 'slt', 'staff', 'pupil'] as const) {
      const s = await signInAs(app, t.database(), role);
      expect((await s.request({ method: 'PATCH', url, payload: { status: 'n_a' } })).statusCode, role).toBe(403);
      expect(
        (await s.request({ method: 'POST', url: '/api/standards/catalogues/cyber-essentials/adopt', payload: {} })).statusCode,
        role,
      ).toBe(403);
      expect((await s.request({ method: 'GET', url: '/api/standards' })).statusCode, role).toBe(
        role === 'it' || role === 'slt' ? 200 : 403,
      );
    }
  });
});
