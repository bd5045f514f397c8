import { Command } from 'commander';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { stableJson } from '../domain/analysis/format.ts';
import { loadFixturePlaces, loadScenario } from '../domain/analysis/scenario-loader.ts';
import { generateScenario } from '../domain/analysis/test-scenarios.ts';
import { getWifiVerdict } from '../domain/verdict.ts';
import { registerWifiCli } from './wifi-cli.ts';

/** `belfry wifi analyze --from --to --scope --json` prints the verdict's own JSON, keys sorted. */
describeEachDatabase('belfry wifi', (t) => {
  beforeAll(async () => {
    await loadFixturePlaces(t.ctx());
    await loadScenario(
      t.ctx(),
      generateScenario(3, '2026-11-10', 1, { fail: ({ ap }) => (ap === 'AP-C2' ? { p: 0.7, stage: 'auth' } : undefined) }),
    );
  }, 120_000);

  const run = async (args: string[]) => {
    const out: string[] = [];
    const program = new Command('belfry').exitOverride();
    registerWifiCli(program, {
      withCtx: (fn) => fn(t.ctx()),
      io: () => ({ out: (s) => out.push(s), err: () => {}, json: false }),
    });
    await program.parseAsync(args, { from: 'user' });
    return out.join('\n');
  };

  it('prints the verdict as sorted JSON, the same bytes every time', async () => {
    const json = await run(['wifi', 'analyze', '--from', '2026-11-10', '--to', '2026-11-10', '--json']);
    expect(json).toBe(stableJson(await getWifiVerdict(t.ctx(), { from: '2026-11-10', to: '2026-11-10' })));
    expect(JSON.parse(json).findings.map((f: { scope: string; subject: string }) => `${f.scope}:${f.subject}`)).toEqual([
      'ap:AP-C2',
    ]);
    expect(await run(['wifi', 'analyze', '--from', '2026-11-10', '--json'])).toBe(json);
  });

  it('reads a verdict out in sentences, and narrows it to a scope', async () => {
    const text = await run(['wifi', 'analyze', '--from', '2026-11-10', '--scope', 'building:A']);
    expect(text.split('\n')[0]).toBe('Wi-Fi 2026-11-10 (building A): no-issue');
    const c = await run(['wifi', 'analyze', '--from', '2026-11-10', '--scope', 'building:C']);
    expect(c).toContain('general ap AP-C2: Access point AP-C2 in Block C failed');
  });
});
