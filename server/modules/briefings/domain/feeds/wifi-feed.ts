import { localDate } from '../../../../lib/zoned-time.ts';
import { listWifiComplaints } from '../../../helpdesk/index.ts';
import { getWifiVerdict } from '../../../wifi/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, md, path, plural } from '../words.ts';

/**
 * The Wi-Fi verdict for the week's school days so far, one sentence per finding (devices are
 * counted, never named), and how many Wi-Fi complaints reached the help desk. A week without
 * enough data, or with no problem and no complaints, says nothing.
 */
export const wifiFeed: BriefingFeed = {
  id: 'wifi',
  label: 'Wi-Fi',
  from: 'the Wi-Fi verdict and complaints',
  description: "The week's Wi-Fi findings (a general problem, a device model or individual devices) and complaints",
  load: async (ctx, w) => {
    const today = localDate(w.asOf, ctx.config.timeZone);
    if (today < w.from) return null;
    const to = today < w.to ? today : w.to;
    const verdict = await getWifiVerdict(ctx, { from: w.from, to });
    const complaints = await listWifiComplaints(ctx, { from: w.from, to });
    const findings = verdict.findings.filter((f) => f.kind !== 'insufficient-data');
    const judged = verdict.verdict !== 'insufficient-data';
    if (findings.length === 0 && complaints.length === 0) return null;
    const where = { from: verdict.window.from, to: verdict.window.to };
    const lines: string[] = [];
    if (judged) lines.push(`${link(md(verdict.headline), path('/wifi', where))}`, '');
    for (const f of findings) lines.push(`- ${md(f.explanation)}`);
    if (complaints.length)
      lines.push(
        `- ${link(plural(complaints.length, 'Wi-Fi complaint'), path('/wifi', { tab: 'complaints', ...where }))} to the help desk${judged && findings.length === 0 ? ", and the controller's data shows no problem behind them" : ''}.`,
      );
    return {
      markdown: lines.join('\n').trim(),
      data: {
        verdict: verdict.verdict,
        window: verdict.window,
        findings: findings.map((f) => ({ kind: f.kind, scope: f.scope, subject: f.kind === 'individual' ? '' : f.subject })),
        complaints: complaints.length,
      },
    };
  },
};
