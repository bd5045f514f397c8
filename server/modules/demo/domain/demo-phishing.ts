import type { Ctx } from '../../../lib/context.ts';
import type { Rng } from '../../../lib/random.ts';
import { loadDemoPhishing } from '../../phishing/index.ts';

/**
 * Two past phishing simulations at Oakfield, sent and answered through the phishing module's own
 * code (loopback SMTP, the tracking classifier, the reporting mailbox), with the scanner noise a
 * school on Microsoft 365 really sees.
 */
export function loadDemoPhishingCampaigns(ctx: Ctx, rng: Rng): Promise<void> {
  return loadDemoPhishing(ctx, rng, { headName: 'Jonathan Ashworth (Head)' });
}
