import type { SMTPServer, SMTPServerAddress } from 'smtp-server';
import type { Ctx } from '../../../lib/context.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { receiveMail } from './mail-intake.ts';
import { mailIdentity } from './outbound-mail.ts';

/**
 * The inbound SMTP listener (BELFRY_SMTP_PORT): the school's mail system forwards the help desk
 * address here. It accepts mail only for the help desk addresses (any address when none are set),
 * and answers each message only after it is stored, so a failure is a temporary error the sending
 * server retries rather than a lost ticket.
 */

export type SmtpListener = { port: number; close: () => Promise<void> };

const loadSmtpServer = lazyRequire<{ SMTPServer: typeof SMTPServer }>('smtp-server');

const MAX_BYTES = 30 * 1024 * 1024;

export async function startSmtpListener(options: {
  host: string;
  port: number;
  ctx: () => Ctx;
  hostname?: string;
}): Promise<SmtpListener> {
  const server = new (loadSmtpServer().SMTPServer)({
    name: options.hostname ?? 'belfry',
    banner: 'Belfry help desk',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      mailIdentity(options.ctx())
        .then((identity) => {
          const configured = identity.addresses.length > 0;
          if (configured && !identity.addresses.includes(address.address.toLowerCase())) {
            const err = new Error(`No such mailbox here: ${address.address}`) as Error & { responseCode: number };
            err.responseCode = 550;
            callback(err);
          } else callback();
        })
        .catch((err: Error) => callback(Object.assign(err, { responseCode: 451 })));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = new Error('Message too large') as Error & { responseCode: number };
          err.responseCode = 552;
          callback(err);
          return;
        }
        const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const ctx = options.ctx();
        receiveMail(ctx, Buffer.concat(chunks), { mailFrom, rcptTo: session.envelope.rcptTo.map((r) => r.address) }, 'smtp')
          .then(() => callback())
          .catch((err: Error) => {
            ctx.log.error({ err }, 'inbound mail could not be stored');
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => options.ctx().log.error({ err }, 'SMTP listener error'));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
