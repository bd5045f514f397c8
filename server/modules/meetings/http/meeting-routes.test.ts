import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';

describeEachDatabase('meeting routes', (t) => {
  let app: App;
  const s: Record<string, Session> = {};
  let meetingId = '';
  beforeAll(async () => {
    app = await testApp(t.database());
    for (const role of ['admin', 'slt', 'staff'] as const) s[role] = await signInAs(app, t.database(), role);
    const series = await s.admin?.request({
      method: 'POST',
      url: '/api/meetings/series',
      payload: {
        name: 'IT management group',
        kind: 'itmg',
        members: [{ name: 'Harriet Pemberton', email: 'h.pemberton@t.example' }],
      },
    });
    const meeting = await s.admin?.request({
      method: 'POST',
      url: `/api/meetings/series/${series?.json().id}/meetings`,
      payload: {},
    });
    expect(meeting?.statusCode).toBe(201);
    meetingId = meeting?.json().id;
  });
  afterAll(() => app.close());

  it('downloads the agenda as a Word document', async () => {
    const res = await s.slt?.request({ method: 'GET', url: `/api/meetings/${meetingId}/docx/agenda` });
    expect(res?.statusCode).toBe(200);
    expect(res?.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res?.headers['content-disposition']).toBe('attachment; filename="IT-management-group-agenda-2026-11-23.docx"');
    const xml = await (await JSZip.loadAsync(res?.rawPayload as Buffer)).file('word/document.xml')?.async('string');
    expect(xml).toContain('Policy review calendar');
  });

  it('lets the Director record minutes, SLT read them, and keeps staff out', async () => {
    const action = await s.admin?.request({
      method: 'POST',
      url: `/api/meetings/${meetingId}/actions`,
      payload: { text: 'Draft the AI guidance', ownerName: 'Harriet Pemberton' },
    });
    expect(action?.statusCode).toBe(201);
    const task = await s.admin?.request({ method: 'POST', url: `/api/meetings/actions/${action?.json().id}/task` });
    expect(task?.json().taskId).toBeTruthy();
    const read = await s.slt?.request({ method: 'GET', url: `/api/meetings/${meetingId}` });
    expect(read?.json().actions.map((a: { text: string; status: string }) => [a.text, a.status])).toEqual([
      ['Draft the AI guidance', 'open'],
    ]);
    expect(
      (await s.slt?.request({ method: 'POST', url: `/api/meetings/${meetingId}/decisions`, payload: { text: 'x' } }))?.statusCode,
    ).toBe(403);
    expect((await s.staff?.request({ method: 'GET', url: '/api/meetings' }))?.statusCode).toBe(403);
    expect((await s.staff?.request({ method: 'GET', url: `/api/meetings/${meetingId}/docx/minutes` }))?.statusCode).toBe(403);
    const bad = await s.admin?.request({ method: 'POST', url: `/api/meetings/${meetingId}/actions`, payload: { text: 'x' } });
    expect(bad?.json().error).toMatch(/ownerName/);
  });
});
