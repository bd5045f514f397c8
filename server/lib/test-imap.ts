import net from 'node:net';

/**
 * A small IMAP4rev1 server on loopback for the mailbox pollers' tests (help desk, phishing reports): one mailbox, LOGIN, SELECT, UID
 * SEARCH UNSEEN, UID FETCH of the whole message, UID STORE +FLAGS, as RFC 3501 words them and as
 * imapflow speaks them. Anything else is answered BAD, so an unexpected command shows in `log`.
 */

export type FakeMessage = { uid: number; source: string; seen: boolean };

export type FakeImap = {
  port: number;
  messages: FakeMessage[];
  log: string[];
  add: (source: string) => void;
  close: () => Promise<void>;
};

export async function startFakeImap(opts: { user: string; password: string }): Promise<FakeImap> {
  const messages: FakeMessage[] = [];
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let authed = false;
    const send = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    send('* OK [CAPABILITY IMAP4rev1 LITERAL+] Fake IMAP ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i = buffer.indexOf('\r\n');
      while (i >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        handle(line);
        i = buffer.indexOf('\r\n');
      }
    });
    const uidSet = (text: string): number[] => {
      const out: number[] = [];
      for (const part of text.split(',')) {
        const [a, b] = part.split(':');
        const lo = a === '*' ? Math.max(0, ...messages.map((m) => m.uid)) : Number(a);
        const hi = b === undefined ? lo : b === '*' ? Math.max(0, ...messages.map((m) => m.uid)) : Number(b);
        for (const m of messages) if (m.uid >= Math.min(lo, hi) && m.uid <= Math.max(lo, hi)) out.push(m.uid);
      }
      return out;
    };
    function handle(line: string): void {
      const [tag, ...rest] = line.split(' ');
      const command = rest.join(' ');
      const upper = command.toUpperCase();
      log.push(upper.startsWith('LOGIN') ? 'LOGIN ***' : command);
      if (upper === 'CAPABILITY') {
        send('* CAPABILITY IMAP4rev1 LITERAL+');
        send(`${tag} OK CAPABILITY completed`);
        return;
      }
      if (upper.startsWith('LOGIN')) {
        const args = [...command.slice(6).matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
        if (args[0] === opts.user && args[1] === opts.password) {
          authed = true;
          send(`${tag} OK [CAPABILITY IMAP4rev1 LITERAL+] Logged in`);
          return;
        }
        send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`);
        return;
      }
      if (upper === 'NOOP') {
        send(`${tag} OK NOOP completed`);
        return;
      }
      if (upper === 'LOGOUT') {
        send('* BYE Logging out');
        send(`${tag} OK LOGOUT completed`);
        socket.end();
        return;
      }
      if (!authed) {
        send(`${tag} NO Log in first`);
        return;
      }
      if (upper.startsWith('LIST')) {
        send('* LIST (\\HasNoChildren) "/" INBOX');
        send(`${tag} OK LIST completed`);
        return;
      }
      if (upper.startsWith('SELECT') || upper.startsWith('EXAMINE')) {
        send(`* ${messages.length} EXISTS`);
        send('* 0 RECENT');
        send('* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)');
        send('* OK [UIDVALIDITY 42] UIDs valid');
        send(`* OK [UIDNEXT ${Math.max(0, ...messages.map((m) => m.uid)) + 1}] Predicted next UID`);
        send(`${tag} OK [READ-WRITE] SELECT completed`);
        return;
      }
      if (upper.startsWith('UID SEARCH')) {
        const unseen = upper.includes('UNSEEN');
        const uids = messages.filter((m) => !unseen || !m.seen).map((m) => m.uid);
        send(`* SEARCH${uids.map((u) => ` ${u}`).join('')}`);
        send(`${tag} OK SEARCH completed`);
        return;
      }
      if (upper.startsWith('UID FETCH')) {
        const set = command.split(' ')[2] as string;
        for (const uid of uidSet(set)) {
          const m = messages.find((x) => x.uid === uid) as FakeMessage;
          const seq = messages.indexOf(m) + 1;
          const bytes = Buffer.byteLength(m.source);
          socket.write(`* ${seq} FETCH (UID ${uid} BODY[] {${bytes}}\r\n${m.source})\r\n`);
        }
        send(`${tag} OK FETCH completed`);
        return;
      }
      if (upper.startsWith('UID STORE')) {
        const set = command.split(' ')[2] as string;
        for (const uid of uidSet(set)) {
          const m = messages.find((x) => x.uid === uid) as FakeMessage;
          if (upper.includes('\\SEEN')) m.seen = true;
          if (!upper.includes('.SILENT')) send(`* ${messages.indexOf(m) + 1} FETCH (UID ${uid} FLAGS (\\Seen))`);
        }
        send(`${tag} OK STORE completed`);
        return;
      }
      if (upper.startsWith('CLOSE') || upper.startsWith('UNSELECT')) {
        send(`${tag} OK done`);
        return;
      }
      send(`${tag} BAD Unknown command`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    messages,
    log,
    add: (source) => messages.push({ uid: messages.length + 1, source: source.replace(/\r?\n/g, '\r\n'), seen: false }),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
