import type QRCodeModule from 'qrcode';
import { lazyRequire } from '../../../lib/lazy.ts';
import { escapeHtml, fillTemplate, type MergeValues } from './lure-rules.ts';

const loadQrCode = lazyRequire<typeof QRCodeModule>('qrcode');

/**
 * One simulated message for one recipient. Every URL carries only the recipient's token: the
 * tracked link, the open pixel and a hidden honeypot link that people never see but link scanners
 * follow. The transparency header names the campaign (for allow-listing), never the person.
 */

export type MessageLure = {
  subject: string;
  html: string;
  text: string;
  senderName: string;
  senderAddress: string;
  documentName: string | null;
  technique: string;
};

export type MessageParts = {
  lure: MessageLure;
  token: string;
  email: string;
  firstName: string;
  messageId: string;
  campaignId: string;
  baseUrl: string;
  schoolName: string;
  envelopeFrom: string;
  headerName: string;
  date: Date;
  timeZone: string;
};

export const trackingUrls = (baseUrl: string, token: string) => ({
  click: `${baseUrl}/c/${token}`,
  pixel: `${baseUrl}/o/${token}.gif`,
  honeypot: `${baseUrl}/h/${token}`,
  report: `${baseUrl}/r/${token}`,
});

export function fromAddress(senderAddress: string, envelopeFrom: string): string {
  if (senderAddress.includes('@')) return senderAddress;
  return `${senderAddress}@${envelopeFrom.split('@')[1] ?? 'invalid'}`;
}

export type BuiltMessage = {
  envelope: { from: string; to: string[] };
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; cid: string; contentType: string }[];
};

export async function buildMessage(m: MessageParts): Promise<BuiltMessage> {
  const urls = trackingUrls(m.baseUrl, m.token);
  const attachments: BuiltMessage['attachments'] = [];
  let qrHtml = '';
  if (m.lure.html.includes('qr_code')) {
    const cid = `qr-${m.token.slice(0, 8)}@belfry`;
    attachments.push({
      filename: 'code.png',
      content: await loadQrCode().toBuffer(urls.click, { margin: 1, width: 180 }),
      cid,
      contentType: 'image/png',
    });
    qrHtml = `<img src="cid:${cid}" width="180" height="180" alt="QR code">`;
  }
  const values: MergeValues = {
    first_name: m.firstName,
    school: m.schoolName,
    document: m.lure.documentName ?? 'Document.pdf',
    link: urls.click,
    date: new Intl.DateTimeFormat('en-GB', { timeZone: m.timeZone, day: 'numeric', month: 'long' }).format(m.date),
    sender_name: m.lure.senderName,
    qr_code: qrHtml,
  };
  const body = fillTemplate(m.lure.html, values, true);
  const honeypot = `<a href="${escapeHtml(urls.honeypot)}" style="display:none" aria-hidden="true" tabindex="-1"></a>`;
  const pixel = `<img src="${escapeHtml(urls.pixel)}" width="1" height="1" alt="" style="display:none">`;
  const html = `<!doctype html><html><body>${honeypot}${body}${pixel}</body></html>`;
  return {
    envelope: { from: m.envelopeFrom, to: [m.email] },
    from: { name: m.lure.senderName, address: fromAddress(m.lure.senderAddress, m.envelopeFrom) },
    to: m.email,
    subject: fillTemplate(m.lure.subject, values, false),
    html,
    text: fillTemplate(m.lure.text, values, false),
    messageId: m.messageId,
    date: m.date,
    headers: { [m.headerName]: m.campaignId },
    attachments,
  };
}
