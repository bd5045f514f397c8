import type { Ctx } from '../../../lib/context.ts';
import type { DateOrder, DateOrderChoice } from '../../../lib/date-order.ts';
import { selectSettingValue } from '../db/settings-queries.ts';
import { dateOrderSetting } from './general-settings.ts';
import { getSetting } from './settings.ts';

/** The key the Entra importer once had its own order under; a value stored there still counts. */
const LEGACY_KEY = 'security.dateOrder';

/** The school's date order, when it has said one (`imports.dateOrder`, or the old security.dateOrder). */
export async function getSchoolDateOrder(ctx: Ctx): Promise<DateOrder | undefined> {
  const value = await getSetting(ctx, dateOrderSetting);
  if (value !== 'ask') return value;
  const legacy = await selectSettingValue(ctx.db, LEGACY_KEY);
  return legacy === 'dmy' || legacy === 'mdy' ? legacy : undefined;
}

/** What an importer settles a file's date order with: the choice for this file and the school's setting. */
export async function getDateOrderChoice(ctx: Ctx, chosen: DateOrder | undefined): Promise<DateOrderChoice> {
  return { chosen, school: await getSchoolDateOrder(ctx) };
}
