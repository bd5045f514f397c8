import { sql } from 'drizzle-orm';
import type { SetupCheck } from '../../../lib/module.ts';
import { countRows } from '../../../lib/setup-count.ts';

/** First run: outgoing mail, and where the help desk's tickets come from. */
export const HELPDESK_SETUP: SetupCheck[] = [
  {
    id: 'mail',
    label: 'Mail',
    order: 60,
    load: async (ctx) => {
      const out = ctx.config.mail;
      const inbound = ctx.config.imap
        ? `mailbox ${ctx.config.imap.user}`
        : ctx.config.inboundSmtp
          ? `SMTP listener on port ${ctx.config.inboundSmtp.port}`
          : undefined;
      return {
        done: !!out,
        detail: [
          out ? `sending through ${out.host}:${out.port}` : 'Not set up: no acknowledgements, surveys or alerts by email',
          inbound ? `receiving from the ${inbound}` : 'no mail intake',
        ].join('; '),
        how: 'Set BELFRY_MAIL_* (a relay) and BELFRY_IMAP_* or BELFRY_SMTP_PORT (tickets by email); see the configuration table in the README',
      };
    },
  },
  {
    id: 'helpdesk-source',
    label: 'Help desk: tickets',
    order: 70,
    load: async (ctx) => {
      const n = await countRows(ctx.db, sql`SELECT count(*) FROM helpdesk_tickets`);
      const mailbox = !!(ctx.config.imap || ctx.config.inboundSmtp);
      return {
        done: n > 0 || mailbox,
        detail: n
          ? `${n.toLocaleString('en-GB')} tickets`
          : mailbox
            ? 'Mail intake set up; no tickets yet'
            : 'No tickets and no mail intake',
        how: '`belfry import tickets export.csv` (Zammad, osTicket, Freshservice) for the history, and a mailbox for new ones',
        link: '/helpdesk',
      };
    },
  },
];
