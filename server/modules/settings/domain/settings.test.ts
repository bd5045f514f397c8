import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor, Role } from '../../../lib/context.ts';
import { Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { listAuditEvents } from '../../audit/index.ts';
import { addAppLink, changeAppLink, listAllAppLinks, listMyAppLinks, removeAppLink } from './app-links.ts';
import { schoolNameSetting } from './general-settings.ts';
import { defineSetting, getSetting, getSettingView, listFromText, listSettings, resetSetting, setSetting } from './settings.ts';

const user = (role: Role): Actor => ({
  kind: 'user',
  id: crypto.randomUUID(),
  email: `${role}@oakfield.example`,
  name: role,
  role,
});

const attempts = defineSetting({
  key: 'test.attempts',
  description: 'Attempts before a lock-out',
  schema: z.number().int().min(3).max(50),
  defaultValue: 5,
});
const domains = defineSetting({
  key: 'test.domains',
  description: 'Email domains',
  schema: z.array(z.string().min(1)),
  defaultValue: [] as string[],
  fromText: listFromText,
});
const flag = defineSetting({ key: 'test.flag', description: 'A switch', schema: z.boolean(), defaultValue: true });
const DEFS = [schoolNameSetting, attempts, domains];

describeEachDatabase('settings', (t) => {
  it('reads defaults, sets from text and from values, and resets', async () => {
    const ctx = t.ctx(user('admin'));
    expect(await getSetting(ctx, attempts)).toBe(5);
    expect(await setSetting(ctx, DEFS, 'test.attempts', { text: '7' })).toEqual({
      key: 'test.attempts',
      label: 'Attempts',
      group: 'Test',
      description: 'Attempts before a lock-out',
      control: { kind: 'number', integer: true, min: 3, max: 50, unit: null },
      value: 7,
      defaultValue: 5,
      isDefault: false,
    });
    expect(await getSetting(ctx, attempts)).toBe(7);
    await setSetting(ctx, DEFS, 'test.domains', { text: ' oakfield.example, pupils.oakfield.example ,' });
    expect(await getSetting(ctx, domains)).toEqual(['oakfield.example', 'pupils.oakfield.example']);
    await setSetting(ctx, DEFS, 'test.domains', { value: ['a.example'] });
    expect(await getSettingView(ctx, DEFS, 'test.domains')).toMatchObject({ value: ['a.example'], isDefault: false });
    await setSetting(ctx, DEFS, 'school.name', { text: '  Oakfield School ' });
    expect(await getSetting(ctx, schoolNameSetting)).toBe('Oakfield School');
    expect((await listSettings(t.ctx(user('it')), DEFS)).map((s) => [s.key, s.value, s.isDefault])).toEqual([
      ['school.name', 'Oakfield School', false],
      ['test.attempts', 7, false],
      ['test.domains', ['a.example'], false],
    ]);
    expect(await resetSetting(ctx, DEFS, 'test.attempts')).toMatchObject({ value: 5, isDefault: true });
    expect(await getSetting(ctx, attempts)).toBe(5);
    expect(await getSettingView(ctx, DEFS, 'test.attempts')).toMatchObject({ value: 5, isDefault: true });
  });

  it('refuses a bad value, naming the key, and keeps the old one', async () => {
    const ctx = t.ctx(user('admin'));
    await setSetting(ctx, DEFS, 'test.attempts', { value: 9 });
    const refused = async (key: string, input: { text: string } | { value: unknown }) => {
      const err = await setSetting(ctx, DEFS, key, input).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Invalid);
      return (err as Error).message;
    };
    expect(await refused('test.attempts', { text: 'banana' })).toMatch(/^test\.attempts: .*expected number, received string/);
    expect(await refused('test.attempts', { text: '2' })).toMatch(/^test\.attempts: .*Too small: expected number to be >=3/);
    expect(await refused('test.attempts', { value: 4.5 })).toMatch(/^test\.attempts: .*expected int/);
    expect(await refused('test.domains', { text: '[not json' })).toMatch(/^test\.domains: /);
    expect(await refused('school.name', { text: '   ' })).toMatch(/^school\.name: /);
    // A list names the entry at fault, counted from 1, with what was given.
    expect(await refused('test.domains', { value: ['a.example', ''] })).toBe(
      'test.domains: entry 2 (""): Too small: expected string to have >=1 characters',
    );
    // A switch takes true or false, not any word.
    const withFlag = [...DEFS, flag];
    const err = await setSetting(ctx, withFlag, 'test.flag', { text: 'maybe' }).catch((e: Error) => e);
    expect((err as Error).message).toBe('test.flag: Invalid input: expected boolean, received string');
    expect(await setSetting(ctx, withFlag, 'test.flag', { text: 'false' })).toMatchObject({ value: false });
    expect(await getSetting(ctx, attempts)).toBe(9);
    await expect(setSetting(ctx, DEFS, 'no.such.key', { text: 'x' })).rejects.toThrow(
      new NotFound('There is no setting called "no.such.key". Known settings: school.name, test.attempts, test.domains'),
    );
  });

  it('lets only an admin change settings, and the IT team read them', async () => {
    for (const role of ['it', 'slt', 'staff', 'pupil'] as const) {
      await expect(setSetting(t.ctx(user(role)), DEFS, 'test.attempts', { value: 10 })).rejects.toThrow(Forbidden);
      await expect(resetSetting(t.ctx(user(role)), DEFS, 'test.attempts')).rejects.toThrow(Forbidden);
    }
    await expect(getSettingView(t.ctx(user('it')), DEFS, 'test.attempts')).resolves.toMatchObject({ key: 'test.attempts' });
    await expect(getSettingView(t.ctx(user('staff')), DEFS, 'test.attempts')).rejects.toThrow(Forbidden);
  });

  it('writes each change to the audit log with the value before and after', async () => {
    const admin = user('admin');
    const ctx = t.ctx(admin);
    await setSetting(ctx, DEFS, 'test.attempts', { value: 12 });
    await setSetting(ctx, DEFS, 'test.attempts', { text: '20' });
    await resetSetting(ctx, DEFS, 'test.attempts');
    const [reset, second, first] = await listAuditEvents(ctx, { limit: 3 });
    expect(first).toMatchObject({
      actor: 'admin@oakfield.example',
      action: 'settings.set',
      summary: 'Changed setting: Attempts (Test)',
      targetType: 'setting',
      targetId: 'test.attempts',
      details: { before: 9, after: 12 },
    });
    expect(second).toMatchObject({ action: 'settings.set', details: { before: 12, after: 20 } });
    expect(reset).toMatchObject({
      action: 'settings.reset',
      summary: 'Reset setting: Attempts (Test) to its default',
      details: { before: 20, after: 5 },
    });
  });

  it('falls back to the default when a stored value no longer fits', async () => {
    const ctx = t.ctx(user('admin'));
    await t.database().db.execute(sql`UPDATE settings_values SET value = '"lots"'::jsonb WHERE key = 'school.name'`);
    await t.database().db.execute(sql`INSERT INTO settings_values (key, value, updated_by) VALUES ('test.attempts', '999', 'x')
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    expect(await getSetting(ctx, attempts)).toBe(5);
    expect(await getSettingView(ctx, DEFS, 'test.attempts')).toMatchObject({ value: 5, isDefault: true });
  });
});

describeEachDatabase('app links', (t) => {
  const admin = () => t.ctx(user('admin'));
  const mine = async (role: Role) => (await listMyAppLinks(t.ctx(user(role)))).map((l) => l.name);

  it('shows each user the links for everyone and for their role', async () => {
    await addAppLink(admin(), { name: 'Outlook', url: 'https://outlook.office.com/', icon: 'mail' });
    const google = await addAppLink(admin(), { name: 'Google Admin', url: 'https://admin.google.com/', roles: ['admin', 'it'] });
    expect(google).toMatchObject({ name: 'Google Admin', icon: 'link', position: 1, roles: ['admin', 'it'] });
    await addAppLink(admin(), {
      name: 'Printers',
      url: 'http://printers.oakfield.example/',
      icon: 'printer',
      roles: ['staff', 'slt'],
    });
    expect(await mine('admin')).toEqual(['Outlook', 'Google Admin']);
    expect(await mine('it')).toEqual(['Outlook', 'Google Admin']);
    expect(await mine('staff')).toEqual(['Outlook', 'Printers']);
    expect(await mine('pupil')).toEqual(['Outlook']);
    expect((await listAllAppLinks(admin())).map((l) => [l.name, l.position])).toEqual([
      ['Outlook', 0],
      ['Google Admin', 1],
      ['Printers', 2],
    ]);
    const [added] = await listAuditEvents(admin(), { action: 'apps.add', limit: 1 });
    expect(added).toMatchObject({ summary: 'Added app link Printers', targetId: expect.any(String) });
  });

  it('changes, reorders and removes a link; a new one goes last', async () => {
    const all = await listAllAppLinks(admin());
    const google = all.find((l) => l.name === 'Google Admin');
    const outlook = all.find((l) => l.name === 'Outlook');
    if (!google || !outlook) throw new Error('links from the first test are missing');
    const changed = await changeAppLink(admin(), google.id, { name: 'Google Workspace', roles: [], position: 5 });
    expect(changed).toMatchObject({ name: 'Google Workspace', url: 'https://admin.google.com/', roles: [], position: 5 });
    expect(await mine('pupil')).toEqual(['Outlook', 'Google Workspace']);
    // Nothing to change is not an error: the link comes back as it is.
    expect(await changeAppLink(admin(), google.id, {})).toEqual(changed);
    await removeAppLink(admin(), outlook.id);
    await expect(removeAppLink(admin(), outlook.id)).rejects.toThrow(NotFound);
    await expect(changeAppLink(admin(), outlook.id, { name: 'Gone' })).rejects.toThrow(NotFound);
    const later = await addAppLink(admin(), { name: 'Arbor', url: 'https://login.arbor.sc/' });
    expect(later.position).toBe(6);
    expect((await listAllAppLinks(admin())).map((l) => l.name)).toEqual(['Printers', 'Google Workspace', 'Arbor']);
  });

  it('accepts only http and https addresses', async () => {
    const before = (await listAllAppLinks(admin())).length;
    for (const url of [
      'javascript:alert(document.cookie)',
      '  JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://files.oakfield.example/',
      'mailto:it@oakfield.example',
      'intranet',
    ]) {
      const err = await addAppLink(admin(), { name: 'Bad', url }).catch((e: Error) => e);
      expect(err, url).toBeInstanceOf(Invalid);
      expect((err as Error).message, url).toMatch(/^url: /);
    }
    const [link] = await listAllAppLinks(admin());
    await expect(changeAppLink(admin(), link?.id as string, { url: 'javascript:alert(1)' })).rejects.toThrow(
      'url: Only http and https addresses can be opened',
    );
    expect(await listAllAppLinks(admin())).toHaveLength(before);
    expect((await listAllAppLinks(admin()))[0]?.url).toBe(link?.url);
  });

  it('lets only an admin manage links', async () => {
    const [link] = await listAllAppLinks(admin());
    for (const role of ['it', 'staff', 'pupil'] as const) {
      const ctx = t.ctx(user(role));
      await expect(addAppLink(ctx, { name: 'X', url: 'https://x.example/' })).rejects.toThrow(Forbidden);
      await expect(changeAppLink(ctx, link?.id as string, { name: 'X' })).rejects.toThrow(Forbidden);
      await expect(removeAppLink(ctx, link?.id as string)).rejects.toThrow(Forbidden);
      await expect(listAllAppLinks(ctx)).rejects.toThrow(Forbidden);
    }
  });
});
