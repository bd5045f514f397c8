import { type Ctx, requireActor } from '../../../lib/context.ts';
import type { TodayCard } from '../../../lib/module.ts';

export type CardResult = { id: string; title: string; data?: unknown; error?: string };

/**
 * Loads every card this user's role may see, side by side. A card that fails shows its error
 * without taking the page down with it.
 */
export async function loadToday(ctx: Ctx, cards: readonly TodayCard[]): Promise<CardResult[]> {
  const actor = requireActor(ctx);
  const mine = cards.filter((c) => c.roles.includes(actor.role)).sort((a, b) => a.order - b.order);
  return Promise.all(
    mine.map(async (card) => {
      try {
        return { id: card.id, title: card.title, data: await card.load(ctx) };
      } catch (err) {
        ctx.log.error({ err, card: card.id }, 'Today card failed');
        return { id: card.id, title: card.title, error: 'This card could not be loaded' };
      }
    }),
  );
}
