import { Command } from 'commander';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../lib/test-db.ts';
import { setSetting } from '../settings/index.ts';
import { registerSecurityCli } from './cli.ts';
import { ev, fail, store } from './detect/test-events.ts';
import { detectAfterImportSetting } from './domain/security-settings.ts';

/**
 * `belfry detect` and `belfry alerts` as the Director reads them at a terminal: one line an
 * alert with the account it is about and the time on the school's clock; --json for scripts.
 */
describeEachDatabase('belfry detect and alerts', (t) => {
  const now = '2026-11-11T07:00:00Z';
  const run = async (args: string[], json = false) => {
    const out: string[] = [];
    const program = new Command('belfry').exitOverride();
    registerSecurityCli(program, {
      withCtx: (fn) => fn(t.ctx(undefined, now)),
      io: () => ({ out: (s) => out.push(s), err: () => {}, json }),
    });
    await program.parseAsync(args, { from: 'user' });
    return out.join('\n');
  };

  beforeAll(async () => {
    // Off, so that `belfry detect` is what finds them.
    await setSetting(t.ctx(undefined, now), [detectAfterImportSetting], 'security.detectAfterImport', { value: false });
    // Twelve wrong passwords for one account from one address in 11 minutes, then a success.
    await store(t.ctx(undefined, now), [
      ...Array.from({ length: 12 }, (_, i) =>
        fail({ ts: `2026-11-10T21:${String(i).padStart(2, '0')}:00Z`, user: 'head@school.example', ip: '91.240.118.7' }),
      ),
      ev({ ts: '2026-11-10T21:15:00Z', user: 'head@school.example', ip: '91.240.118.7' }),
    ]);
  });

  it('runs the detections, then lists the alert with its account and London time', async () => {
    expect(await run(['alerts'])).toBe('No alerts.');
    expect((await run(['detect'])).split('\n')).toEqual([
      'Detections over Sun 8 Nov 2026, 07:00 to Wed 11 Nov 2026, 07:00 (London time): 1 alert found (1 new).',
      '  brute_force  1 new',
      'Not judged: 1 sign-in from another country on accounts with too little history to call a country new (security.thresholds newCountry.minSignIns and minDays).',
    ]);
    // Run again: the same alert is found, and the summary says it was already raised (no "0 new" above a count).
    expect((await run(['detect'])).split('\n').slice(0, 2)).toEqual([
      'Detections over Sun 8 Nov 2026, 07:00 to Wed 11 Nov 2026, 07:00 (London time): 1 alert found (0 new, 1 already raised, no change).',
      '  brute_force  1 no change',
    ]);
    const lines = (await run(['alerts'])).split('\n');
    // 21:15 UTC on 10 November is 21:15 in London (GMT); each line names the account first.
    expect(lines).toEqual([
      'high     new          brute_force        10 Nov, 21:15  head@school.example: 12 failed sign-ins for head@school.example within 20 minutes from 91.240.118.7; then signed in from 91.240.118.7.',
    ]);
    const [alert] = JSON.parse(await run(['alerts'], true)) as Record<string, unknown>[];
    expect(alert).toMatchObject({
      type: 'brute_force',
      status: 'new',
      users: ['head@school.example'],
      ips: ['91.240.118.7'],
      firstSeen: '2026-11-10T21:00:00.000Z',
      lastSeen: '2026-11-10T21:15:00.000Z',
    });
  });

  it('refuses a status it does not know, naming the ones it does', async () => {
    await expect(run(['alerts', '--status', 'new,bogus'])).rejects.toThrow(
      'status.1: Invalid option: expected one of "new"|"acknowledged"|"dismissed"|"escalated"',
    );
  });
});
