import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { dateOrderSetting, setSetting } from '../../settings/index.ts';
import { getHelpdeskMetrics } from './metrics-read.ts';
import { importTicketsFile } from './ticket-import.ts';

// Shaped like the products' CSV exports (headers as their export screens name the columns).
const ZAMMAD = `Number,Title,State,Priority,Group,Owner,Customer,Created At,First Response At,Close At
31001,Projector in M104,closed,2 normal,AV,Priya Raman,d.cooper@oakfield.example,2026-09-07 08:30:00,2026-09-07 09:00:00,2026-09-07 11:30:00
31002,Printer offline,open,3 high,Printing,,s.harding@oakfield.example,2026-09-08 10:00:00,,
`;
const OSTICKET = `Ticket Number,Date Created,Subject,From,From Email,Priority,Help Topic,Current Status,Agent Assigned
880012,09/09/2026 14:05,Wi-Fi drops in the library,Marcus Bennett,m.bennett@oakfield.example,Normal,Wi-Fi,Closed,
`;
const FRESHSERVICE = `Ticket Id,Subject,Status,Priority,Category,Requester Name,Requester Email,Created Date,Resolved Time
INC-77,Locked out,Resolved,Urgent,Accounts,Jess Marsh,j.marsh@oakfield.example,2026-09-10T07:15:00Z,2026-09-10T08:15:00Z
`;

describeEachDatabase('importing past tickets from CSV', (t) => {
  const count = async () =>
    (await queryRows<{ n: number }>(t.database().db, sql`SELECT count(*)::int AS n FROM helpdesk_tickets`))[0]?.n;
  const run = (name: string, text: string, opts: Partial<Parameters<typeof importTicketsFile>[2]> = {}) =>
    importTicketsFile(
      t.ctx(),
      writeTestFile(name, text),
      { dryRun: false, skipInvalid: false, fileName: name, ...opts },
      () => {},
    );

  it('reads Zammad-, osTicket- and Freshservice-shaped exports, and a dry run saves nothing', async () => {
    const dry = await run('zammad.csv', ZAMMAD, { dryRun: true });
    expect(dry).toMatchObject({ rowsIn: 2, created: 2, dryRun: true });
    expect(await count()).toBe(0);
    expect(await run('zammad.csv', ZAMMAD)).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(await run('osticket.csv', OSTICKET)).toMatchObject({ created: 1 });
    expect(await run('freshservice.csv', FRESHSERVICE)).toMatchObject({ created: 1 });
    const rows = await queryRows<{
      subject: string;
      status: string;
      priority: string;
      category: string;
      requester_email: string;
      first_response_at: Date | null;
    }>(
      t.database().db,
      sql`SELECT subject, status, priority, category, requester_email, first_response_at FROM helpdesk_tickets ORDER BY created_at`,
    );
    expect(rows.map((r) => [r.subject, r.status, r.priority, r.category, r.requester_email])).toEqual([
      ['Projector in M104', 'closed', 'p3', 'AV', 'd.cooper@oakfield.example'],
      ['Printer offline', 'open', 'p2', 'Printing', 's.harding@oakfield.example'],
      ['Wi-Fi drops in the library', 'closed', 'p3', 'Wi-Fi', 'm.bennett@oakfield.example'],
      ['Locked out', 'resolved', 'p1', 'Accounts', 'j.marsh@oakfield.example'],
    ]);
    // Local times are the school's: 09:00 BST on 7 September is 08:00 UTC.
    expect(new Date(rows[0]?.first_response_at as Date).toISOString()).toBe('2026-09-07T08:00:00.000Z');
  });

  it('counts imported history in the metrics like any other ticket', async () => {
    const { metrics } = await getHelpdeskMetrics(t.ctx(), { from: '2026-09-07', to: '2026-09-13' });
    expect(metrics).toMatchObject({ created: 4, resolved: 3, openAtEnd: 1 });
    // The Zammad ticket: 08:30 to 09:00 BST, 30 working minutes to the first response.
    expect(metrics.firstResponse).toMatchObject({ n: 1, median: 30 });
  });

  it('importing the same file again changes nothing; a changed row is updated', async () => {
    expect(await run('zammad.csv', ZAMMAD)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = ZAMMAD.replace('31002,Printer offline,open', '31002,Printer offline,closed').replace(
      '2026-09-08 10:00:00,,',
      '2026-09-08 10:00:00,,2026-09-09 09:00:00',
    );
    expect(await run('zammad.csv', changed)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await count()).toBe(4);
    const events = await queryRows<{ kind: string }>(
      t.database().db,
      sql`SELECT e.kind FROM helpdesk_events e JOIN helpdesk_tickets t ON t.id = e.ticket_id WHERE t.external_ref = 'import:31002' ORDER BY e.at, e.id`,
    );
    expect(events.map((e) => e.kind)).toEqual(['created', 'status']);
  });

  it('refuses a bad file whole, naming the file, line and column of every problem', async () => {
    const bad = `Number,Title,State,Priority,Created At\n1,Fine,closed,low,2026-09-01 09:00\n2,,closed,low,2026-09-01 09:00\n3,Odd,sleeping,low,31/02/2026 09:00\n`;
    const err = await run('bad.csv', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems).toEqual([
      { file: 'bad.csv', line: 3, field: 'subject', message: 'a subject is needed' },
      { file: 'bad.csv', line: 4, field: 'createdAt', message: expect.stringContaining('"31/02/2026 09:00" is not a date') },
      { file: 'bad.csv', line: 4, field: 'status', message: expect.stringContaining('"sleeping"') },
    ]);
    expect(await count()).toBe(4);
    expect(await run('bad.csv', bad, { skipInvalid: true })).toMatchObject({ created: 1, rejected: 2 });
  });

  it('uses a column mapping for headers it does not know', async () => {
    const odd = `Ref No,Problem,Logged\nX-1,Camera broken,2026-09-11 10:00\n`;
    await expect(run('odd.csv', odd)).rejects.toThrow(/no column for externalId/);
    expect(
      await run('odd.csv', odd, { mapping: { externalId: 'Ref No', subject: 'Problem', createdAt: 'Logged' } }),
    ).toMatchObject({ created: 1 });
  });

  // osTicket's export with its en_US locale defaults: ICU's short date and time, two-digit
  // years, a narrow no-break space before PM (ICU 72 and later). Headers as osTicket's export writes them.
  const OSTICKET_US = [
    'Ticket Number,Date Created,Subject,From,From Email,Priority,Department,Help Topic,Source,Current Status,Last Updated,Date Closed,Agent Assigned',
    '990101,"10/3/24, 2:15\u202fPM",Projector in S12 flickers,Dan Cooper,d.cooper@oakfield.example,Normal,IT Support,AV,Email,Closed,"10/4/24, 7:30\u202fPM","10/4/24, 7:30\u202fPM",',
    '990102,"10/28/24, 9:00\u202fAM",Login loop on laptop,Sam Harding,s.harding@oakfield.example,High,IT Support,Accounts,Web,Closed,"10/28/24, 10:30\u202fAM","10/28/24, 10:30\u202fAM",',
    '',
  ].join('\n');

  it('settles month/day from the whole file: 3 October stays 3 October (osTicket en_US, two-digit years)', async () => {
    const summary = await run('osticket-us.csv', OSTICKET_US);
    expect(summary).toMatchObject({ created: 2, rejected: 0 });
    expect(summary.notes).toContain('Dates read as month/day/year (line 3: "10/28/24, 9:00\u202fAM" can only be read that way).');
    const rows = await queryRows<{ created_at: Date; closed_at: Date }>(
      t.database().db,
      sql`SELECT created_at, closed_at FROM helpdesk_tickets WHERE external_ref = 'import:990101'`,
    );
    // 2:15 pm on 3 October 2024 in London (BST) is 13:15 UTC; closed 29 h 15 min later.
    expect(new Date(rows[0]?.created_at as Date).toISOString()).toBe('2024-10-03T13:15:00.000Z');
    expect(new Date(rows[0]?.closed_at as Date).toISOString()).toBe('2024-10-04T18:30:00.000Z');
  });

  const AMBIGUOUS = [
    'Ticket Number,Date Created,Subject,From Email,Priority,Current Status,Date Closed',
    '990201,"10/3/24, 2:15\u202fPM",Keyboard missing keys,d.cooper@oakfield.example,Normal,Closed,"10/4/24, 9:00\u202fAM"',
    '990202,"11/5/24, 8:40\u202fAM",Email on phone,s.harding@oakfield.example,Normal,Closed,"11/6/24, 8:40\u202fAM"',
    '',
  ].join('\n');

  it('refuses a file whose dates cannot settle the order, saying how to choose; a choice or the school setting reads it', async () => {
    const before = await count();
    const err = (await run('ambiguous.csv', AMBIGUOUS).catch((e: unknown) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems[0]?.message).toContain('the date order cannot be settled from the file: all 4 dates');
    expect(err.problems[0]?.message).toContain('`--date-order mdy`');
    expect(await count()).toBe(before);
    expect(await run('ambiguous.csv', AMBIGUOUS, { dateOrder: 'mdy', dryRun: true })).toMatchObject({
      created: 2,
      notes: ['Dates read as month/day/year, as chosen for this file (no date in it settles the order).'],
    });
    await setSetting(t.ctx(), [dateOrderSetting], 'imports.dateOrder', { text: 'dmy' });
    const school = await run('ambiguous.csv', AMBIGUOUS);
    expect(school.notes?.[0]).toContain("the school's setting (imports.dateOrder)");
    const rows = await queryRows<{ created_at: Date }>(
      t.database().db,
      sql`SELECT created_at FROM helpdesk_tickets WHERE external_ref = 'import:990201'`,
    );
    // Day first: 10 March 2024, 2:15 pm GMT.
    expect(new Date(rows[0]?.created_at as Date).toISOString()).toBe('2024-03-10T14:15:00.000Z');
    await setSetting(t.ctx(), [dateOrderSetting], 'imports.dateOrder', { text: 'ask' });
  });

  it('refuses a choice the file contradicts, at the line that proves it', async () => {
    const err = (await run('osticket-us.csv', OSTICKET_US, { dateOrder: 'dmy' }).catch((e: unknown) => e)) as ImportRejected;
    expect(err.problems).toEqual([
      {
        file: 'osticket-us.csv',
        line: 3,
        field: 'createdAt',
        message: expect.stringContaining('only reads as month/day/year, but day/month/year was chosen for this file'),
      },
    ]);
  });
});
