import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Logger } from './logger.ts';
import { createMailer } from './mailer.ts';

/** The "mail sent" log line names the message and how many it went to, never who or what about. */

let server: SMTPServer;
let port = 0;
const received: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        received.push(raw);
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('logs the message id and the number of recipients, not their addresses or the subject', async () => {
  const lines: { obj: unknown; msg?: string }[] = [];
  const log: Logger = {
    info: (obj, msg) => lines.push({ obj, msg }),
    warn: () => {},
    error: () => {},
    debug: () => {},
  };
  const mail = createMailer({ host: '127.0.0.1', port, secure: false, from: 'belfry@oakfield.example' }, log);
  try {
    const sent = await mail.send({
      to: ['26khana@oakfield.example', 's.harding@oakfield.example'],
      cc: 'd.cooper@oakfield.example',
      subject: 'Your ticket about bullying on the school network',
      text: 'Hello',
      messageId: '<t-123@belfry.example>',
    });
    expect(sent.messageId).toBe('<t-123@belfry.example>');
    expect(received).toHaveLength(1);
    expect(lines).toEqual([{ obj: { messageId: '<t-123@belfry.example>', recipients: 3 }, msg: 'mail sent' }]);
    expect(JSON.stringify(lines)).not.toMatch(/oakfield|bullying/);
  } finally {
    mail.close();
  }
});
