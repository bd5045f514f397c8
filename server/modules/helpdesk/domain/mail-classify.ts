/**
 * Reading an inbound mail (pure): is it automatic (RFC 3834 and the de-facto headers, research
 * §1.1-1.3, AT-10), a delivery report (RFC 3464, AT-11), which ticket does it quote, and what is
 * the new text once the quoted history and signature are cut away (AT-9).
 */

export type AutoKind = 'none' | 'auto_reply' | 'bulk' | 'bounce';

/** Header name (lower-case) -> raw values, from mailparser's headerLines. */
export type RawHeaders = Map<string, string[]>;

export function rawHeaders(lines: readonly { key: string; line: string }[]): RawHeaders {
  const map: RawHeaders = new Map();
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    map.set(key.toLowerCase(), [...(map.get(key.toLowerCase()) ?? []), value]);
  }
  return map;
}

const first = (h: RawHeaders, name: string) => (h.get(name)?.[0] ?? '').trim();

const AUTO_SUBJECT =
  /^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|autoreply|r[ée]ponse automatique)\b/i;

/**
 * Automatic mail never opens a ticket or gets a reply. `Auto-Submitted: no` is a human (RFC 3834;
 * FreeScout treated any value as automatic). A null envelope sender (`<>`) is a bounce or a robot.
 */
export function autoKindOf(h: RawHeaders, envelopeFrom: string | null | undefined, subject: string): AutoKind {
  const contentType = first(h, 'content-type').toLowerCase();
  if (contentType.startsWith('multipart/report') && /report-type="?delivery-status/.test(contentType)) return 'bounce';
  const returnPath = first(h, 'return-path');
  if (envelopeFrom === '' || returnPath === '<>') return 'bounce';
  const autoSubmitted = first(h, 'auto-submitted').toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto_reply';
  const precedence = (first(h, 'precedence') || first(h, 'x-precedence')).toLowerCase();
  if (['bulk', 'list', 'junk'].includes(precedence)) return 'bulk';
  if (precedence === 'auto_reply') return 'auto_reply';
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoreply-from')) return 'auto_reply';
  if (
    first(h, 'x-auto-response-suppress')
      .toLowerCase()
      .split(/[,\s]+/)
      .includes('all')
  )
    return 'auto_reply';
  if (/^(yes|true)$/i.test(first(h, 'x-loop'))) return 'auto_reply';
  if (h.has('list-id') || h.has('list-unsubscribe')) return 'bulk';
  if (AUTO_SUBJECT.test(subject)) return 'auto_reply';
  return 'none';
}

/** Message-IDs from In-Reply-To and References, in order, without duplicates. */
export function threadIds(h: RawHeaders): string[] {
  const text = `${first(h, 'in-reply-to')} ${(h.get('references') ?? []).join(' ')}`;
  return [...new Set(text.match(/<[^<>\s]+>/g) ?? [])];
}

/** Ticket numbers quoted as "[Ref #123]" (our format) in a subject. */
export function referencedNumbers(subject: string): number[] {
  return [...subject.matchAll(/\[\s*Ref\s*#\s*(\d{1,9})\s*\]/gi)].map((m) => Number(m[1]));
}

/** "Re: Fwd: AW: [Ref #12] Printer" -> "Printer", for a ticket's title. */
export function cleanSubject(subject: string): string {
  return (
    subject
      .replace(/\[\s*Ref\s*#\s*\d+\s*\]/gi, '')
      .replace(/^(\s*(re|fw|fwd|aw|wg|sv|vs)\s*(\[\d+\])?\s*:\s*)+/gi, '')
      .trim() || '(no subject)'
  );
}

// Where quoted history starts, per client (fixtures: Outlook desktop and mobile, Gmail, Apple
// Mail, iOS Mail). Everything from the first of these lines on is history.
const HISTORY_STARTS: RegExp[] = [
  /^-{2,}\s*Original Message\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: ... Sent: ..."
  /^From:\s.+$(\r?\n)^(Sent|Date):\s/im,
  /^On .{5,200}(wrote|schrieb|a écrit)\s*:\s*$/i,
  /^On .{5,120}$(\r?\n)^.{0,120}(wrote|schrieb)\s*:\s*$/im,
  /^Le .{5,200}a écrit\s*:\s*$/i,
  /^>/,
];
const SIGNATURE_STARTS: RegExp[] = [
  /^-- ?$/,
  /^Sent from my (iPhone|iPad|Android|Samsung|mobile)/i,
  /^Sent from (Outlook|Mail) for/i,
  /^Get Outlook for (iOS|Android)/i,
  /^Sent from Yahoo Mail/i,
];

/** The new text of a reply: cut at the first line that starts quoted history or a signature. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const pair = `${line}\n${lines[i + 1] ?? ''}`;
    if (HISTORY_STARTS.some((re) => re.test(line) || (re.multiline && re.test(pair)))) {
      end = i;
      break;
    }
    if (SIGNATURE_STARTS.some((re) => re.test(line.trim()))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text.trim();
}

/** From a delivery report's parts: the failed recipients and the Message-ID of the mail that failed. */
export function readDeliveryReport(parts: readonly { contentType: string; content: string }[]): {
  failedRecipients: string[];
  originalMessageId: string | null;
  status: string | null;
} {
  let failed: string[] = [];
  let original: string | null = null;
  let status: string | null = null;
  for (const p of parts) {
    const type = p.contentType.toLowerCase();
    if (type === 'message/delivery-status') {
      failed = [...p.content.matchAll(/^Final-Recipient:\s*rfc822;\s*<?([^>\s]+)>?/gim)].map((m) =>
        (m[1] as string).toLowerCase(),
      );
      status = /^Status:\s*([\d.]+)/im.exec(p.content)?.[1] ?? null;
    }
    if (type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers') {
      original = /^Message-ID:\s*(<[^>]+>)/im.exec(p.content)?.[1] ?? original;
    }
  }
  return { failedRecipients: failed, originalMessageId: original, status };
}
