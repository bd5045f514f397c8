import { expect, it } from 'vitest';
import type { SettingDefinition } from './lib/module.ts';
import { describeControl, wordsOf } from './modules/settings/domain/setting-control.ts';
import { groupOf, settingLabel } from './modules/settings/domain/settings.ts';
import { buildRegistry, MODULES } from './modules.ts';

const defs = buildRegistry(MODULES).settings;
const def = (key: string) => defs.find((d) => d.key === key) as SettingDefinition<unknown>;
const lockoutAttemptsSetting = def('auth.lockoutAttempts');
const teamLeadEmailsSetting = def('helpdesk.teamLeadEmails');
const trustedNetworksSetting = def('security.trustedNetworks');
const thresholdsSetting = def('security.thresholds');
const blockedDatesSetting = def('phishing.blockedDates');

it('works out each setting’s control from its schema and hints, so Settings is driven by the definitions', () => {
  expect(describeControl(lockoutAttemptsSetting)).toEqual({ kind: 'number', integer: true, min: 3, max: 50, unit: 'attempts' });
  expect(describeControl(teamLeadEmailsSetting)).toEqual({ kind: 'list', item: 'email', options: null });
  expect(describeControl(trustedNetworksSetting)).toEqual({ kind: 'list', item: 'network', options: null });
  const thresholds = describeControl(thresholdsSetting);
  expect(thresholds.kind).toBe('fields');
  const spray = thresholds.kind === 'fields' ? thresholds.fields.find((f) => f.key === 'spray') : undefined;
  expect(spray?.label).toBe('Spray');
  expect(spray?.control).toMatchObject({
    kind: 'fields',
    fields: expect.arrayContaining([
      {
        key: 'windowMinutes',
        label: 'Window minutes',
        control: { kind: 'number', integer: true, min: 1, max: null, unit: 'minutes' },
      },
    ]),
  });
  const travel = thresholds.kind === 'fields' ? thresholds.fields.find((f) => f.key === 'travel') : undefined;
  expect(travel?.control.kind === 'fields' && travel.control.fields.find((f) => f.key === 'relay')?.control).toEqual({
    kind: 'choice',
    options: [
      { value: 'suppress', label: 'Suppress' },
      { value: 'info', label: 'Info' },
    ],
  });
  expect(describeControl(blockedDatesSetting)).toMatchObject({
    kind: 'rows',
    fields: [{ key: 'from' }, { key: 'to' }, { key: 'reason' }],
  });
  expect(settingLabel(teamLeadEmailsSetting)).toBe("Team leads' email addresses");
  expect(groupOf('helpdesk.teamLeadEmails')).toBe('Help desk');
  expect(wordsOf('maxMedianFailures')).toBe('Max median failures');
  expect(wordsOf('minSpeedKmh')).toBe('Min speed KMH');
  // Every setting has a plain label and none falls back to raw JSON.
  expect(defs.filter((d) => !d.label).map((d) => d.key)).toEqual([]);
  expect(defs.filter((d) => describeControl(d).kind === 'json').map((d) => d.key)).toEqual([]);
});
