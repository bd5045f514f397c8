import type { Ctx } from '../../../../lib/context.ts';
import { listUserSummaries } from '../../../accounts/index.ts';
import type { FeedWindow } from '../feed-types.ts';

/** The IT Services team: active admin and IT accounts, by id. */
export const teamOf = (ctx: Ctx, w: FeedWindow): Promise<Map<string, string>> =>
  w.once('team', async () => {
    const users = await listUserSummaries(ctx);
    return new Map(users.filter((u) => u.isActive && (u.role === 'admin' || u.role === 'it')).map((u) => [u.id, u.name]));
  });
