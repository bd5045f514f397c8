import type { TeachableCue } from '../db/tables.ts';
import type { Cue, EthicsFlag, PremiseAlignment, Pretext, Technique, Theme } from './lure-rules.ts';

/**
 * The starter library that ships with Belfry: lures written for a UK school, across the themes
 * and techniques, each with the cues a careful reader could have seen and a short lesson. The
 * sender address is a local part: the domain is the sending profile's look-alike domain.
 */

export type StarterLure = {
  key: string;
  name: string;
  subject: string;
  senderName: string;
  senderAddress: string;
  pretext: Pretext;
  technique: Technique;
  theme: Theme;
  documentName?: string;
  cues: Cue[];
  premiseAlignment: PremiseAlignment;
  ethicsFlags: EthicsFlag[];
  paragraphs: string[];
  button?: string;
  teachable: TeachableCue[];
  lesson: string;
};

const p = (text: string) => `<p style="margin:0 0 12px">${text}</p>`;

export function starterHtml(l: StarterLure): string {
  const body = l.paragraphs.map((t) => p(t.replace('[link]', l.button ? '' : '<a href="{{link}}">{{link}}</a>'))).join('\n');
  const button = l.button
    ? `<p style="margin:18px 0"><a href="{{link}}" style="background:#0b5cad;color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px">${l.button}</a></p>`
    : '';
  const qr = l.technique === 'qr' ? '<p style="margin:18px 0">{{qr_code}}</p>' : '';
  return `<div style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#222;max-width:560px">\n${body}\n${button}${qr}\n</div>`;
}

export function starterText(l: StarterLure): string {
  const body = l.paragraphs.map((t) => t.replace(/<[^>]+>/g, '').replace('[link]', '{{link}}')).join('\n\n');
  return l.button || l.technique === 'qr' ? `${body}\n\n${l.button ?? 'Open'}: {{link}}` : body;
}

export const STARTER_LURES: readonly StarterLure[] = [
  {
    key: 'it-password-expiry',
    name: 'Password expires today',
    subject: 'Action required: your {{school}} password expires today',
    senderName: 'IT Service Desk',
    senderAddress: 'it-servicedesk',
    pretext: 'internal',
    technique: 'credential_page',
    theme: 'it_account',
    cues: ['urgency', 'threatening_language', 'domain_spoofing', 'url_hyperlinking', 'generic_greeting'],
    premiseAlignment: 'high',
    ethicsFlags: [],
    paragraphs: [
      'Dear colleague,',
      'Your network password expires at 17:00 today. To avoid losing access to email, Teams and the MIS, confirm your current password below.',
      'If you do not act, your account will be locked and you will need to visit IT Services in person.',
    ],
    button: 'Keep my password',
    teachable: [
      {
        cue: 'domain_spoofing',
        where: 'Sender address',
        explain: "The sender's domain only looks like the school's: IT Services always writes from the school's own address.",
      },
      { cue: 'urgency', where: '"expires at 17:00 today"', explain: 'A deadline hours away is meant to stop you checking.' },
      {
        cue: 'threatening_language',
        where: '"your account will be locked"',
        explain: 'Threats of losing access are a classic pressure tactic.',
      },
      { cue: 'generic_greeting', where: '"Dear colleague"', explain: 'The school would address you by name.' },
    ],
    lesson:
      'IT Services never asks you to confirm your password by email. When a message says your password is about to expire, go to the sign-in page you always use (type it yourself) or ring the service desk. And report the message with the Report button: you may be the first to spot a real attack.',
  },
  {
    key: 'shared-document-onedrive',
    name: 'Shared document: staffing plan',
    subject: '{{sender_name}} shared "{{document}}" with you',
    senderName: 'OneDrive',
    senderAddress: 'no-reply-sharing',
    pretext: 'known_brand',
    technique: 'link',
    theme: 'shared_document',
    documentName: 'Staffing 2027-28 DRAFT.xlsx',
    cues: ['curiosity', 'display_name_mismatch', 'url_hyperlinking', 'logo_imitation'],
    premiseAlignment: 'high',
    ethicsFlags: [],
    paragraphs: [
      'Hello {{first_name}},',
      'A file has been shared with you: <b>{{document}}</b>.',
      'This link only works for the direct recipients of this message.',
    ],
    button: 'Open',
    teachable: [
      {
        cue: 'curiosity',
        where: 'The document name',
        explain: 'A draft staffing plan is exactly what people want to read: curiosity is the hook.',
      },
      { cue: 'display_name_mismatch', where: 'Sender', explain: "The name says OneDrive but the address is not Microsoft's." },
      {
        cue: 'url_hyperlinking',
        where: 'The Open button',
        explain: 'Hover over the button: the address it goes to is not SharePoint.',
      },
    ],
    lesson:
      'Shared-document messages are the commonest lure of all. Before opening one, check who really shared it: open OneDrive or Google Drive yourself and look under "Shared with me". If it is not there, report the message.',
  },
  {
    key: 'payroll-payslip',
    name: 'Payslip available',
    subject: 'Your December payslip is ready to view',
    senderName: 'Payroll',
    senderAddress: 'payroll-notifications',
    pretext: 'internal',
    technique: 'credential_page',
    theme: 'hr_payroll',
    cues: ['domain_spoofing', 'url_hyperlinking', 'sensitive_request', 'no_signer_details'],
    premiseAlignment: 'high',
    ethicsFlags: ['pay'],
    paragraphs: [
      'Hi {{first_name}},',
      'Your payslip for this month is now available on the staff self-service portal. Please sign in to view and download it.',
      'Payslips are available for 30 days.',
    ],
    button: 'View payslip',
    teachable: [
      { cue: 'domain_spoofing', where: 'Sender address', explain: 'Payroll writes from the school domain, not a look-alike.' },
      {
        cue: 'sensitive_request',
        where: 'The sign-in page',
        explain: "It asks for your password on a page that is not the school's.",
      },
      { cue: 'no_signer_details', where: 'The end of the message', explain: 'No name, no phone number: nobody to check with.' },
    ],
    lesson:
      'Pay messages work because everyone cares about pay. Open the payroll portal from your bookmarks, never from an email link, and tell IT about any message that asks you to sign in to see your pay.',
  },
  {
    key: 'parcel-redelivery',
    name: 'Parcel redelivery fee',
    subject: 'We could not deliver your parcel: reschedule today',
    senderName: 'Royal Mail',
    senderAddress: 'redelivery',
    pretext: 'known_brand',
    technique: 'link',
    theme: 'parcel',
    cues: [
      'shipping',
      'urgency',
      'generic_greeting',
      'spelling_grammar',
      'logo_imitation',
      'sensitive_request',
      'domain_spoofing',
    ],
    premiseAlignment: 'low',
    ethicsFlags: [],
    paragraphs: [
      'Dear Customer,',
      'Your parcel could not be delivered today because of a unpaid shipping fee of £1.45.',
      'Please reschedule you delivery within 48 hours or the item will be returned to sender: [link]',
    ],
    teachable: [
      {
        cue: 'spelling_grammar',
        where: '"a unpaid", "you delivery"',
        explain: 'Small errors are a sign nobody checked the message.',
      },
      { cue: 'shipping', where: 'The subject', explain: 'A parcel you were not expecting, at your work address.' },
      { cue: 'sensitive_request', where: 'The fee', explain: 'A tiny fee is a way to get your card details.' },
    ],
    lesson:
      'Delivery companies do not ask for fees by email link. If you are waiting for a parcel, use the tracking number from the seller. A message like this to a school address is worth reporting.',
  },
  {
    key: 'head-urgent-favour',
    name: 'The Head needs a favour',
    subject: 'Quick favour',
    senderName: 'Jonathan Ashworth',
    senderAddress: 'head.office',
    pretext: 'internal',
    technique: 'reply_bec',
    theme: 'slt_urgent',
    cues: ['authority', 'urgency', 'help_request', 'display_name_mismatch'],
    premiseAlignment: 'medium',
    ethicsFlags: [],
    paragraphs: [
      '{{first_name}}, are you free at the moment? I need you to do something for me discreetly before the governors meeting.',
      'I am in meetings all afternoon so email is best. Reply when you see this.',
      'Sent from my iPhone',
    ],
    teachable: [
      { cue: 'authority', where: 'The sender name', explain: "It uses the Head's name, but the address is not the Head's." },
      {
        cue: 'help_request',
        where: '"do something for me discreetly"',
        explain: 'Secrecy and favours are how gift-card and payment scams begin.',
      },
      { cue: 'display_name_mismatch', where: 'Sender', explain: 'Always check the address, not just the name.' },
    ],
    lesson:
      'A short, urgent request from a senior leader that asks for secrecy is the opening of a business email compromise. Check through another channel (walk over, ring the office, message on Teams) before you reply.',
  },
  {
    key: 'supplier-invoice-overdue',
    name: 'Overdue supplier invoice',
    subject: 'OVERDUE: Invoice INV-20931 for {{school}}',
    senderName: 'Accounts Receivable | EduSupplies UK',
    senderAddress: 'accounts',
    pretext: 'unknown',
    technique: 'attachment_like',
    theme: 'supplier_invoice',
    documentName: 'INV-20931.pdf',
    cues: ['urgency', 'threatening_language', 'attachment_type', 'url_hyperlinking', 'legal_language', 'generic_greeting'],
    premiseAlignment: 'medium',
    ethicsFlags: [],
    paragraphs: [
      'Good afternoon,',
      'Our records show invoice INV-20931 is now 30 days overdue. Please arrange payment today to avoid a late-payment charge under the Late Payment of Commercial Debts Act.',
      'The invoice is attached for your reference.',
    ],
    button: '📄 {{document}} (148 KB)',
    teachable: [
      { cue: 'attachment_type', where: 'The "attachment"', explain: 'It is a link made to look like a PDF attachment.' },
      { cue: 'legal_language', where: 'Late Payment Act', explain: 'Legal wording adds pressure to act without checking.' },
      { cue: 'threatening_language', where: '"late-payment charge"', explain: 'A penalty is a push to act now.' },
    ],
    lesson:
      'Invoices go to the finance office, and real suppliers have an account with the school. If an invoice reaches you unexpectedly, do not open it: forward it to the finance office and report it.',
  },
  {
    key: 'parent-complaint',
    name: "A parent's concern about a pupil",
    subject: "Concern about my son's report",
    senderName: 'Mark Henderson',
    senderAddress: 'mark.henderson1976',
    pretext: 'unknown',
    technique: 'link',
    theme: 'parent_pupil',
    documentName: 'Report comments.docx',
    cues: ['distracting_detail', 'curiosity', 'url_hyperlinking'],
    premiseAlignment: 'high',
    ethicsFlags: [],
    paragraphs: [
      'Dear {{first_name}},',
      "I am writing about the comments in my son's autumn report, which I found upsetting. I have put my notes and the section in question in a document here: [link]",
      "I would be grateful if you could look before parents' evening. Kind regards, Mark Henderson",
    ],
    teachable: [
      {
        cue: 'url_hyperlinking',
        where: 'The link',
        explain: 'A document on an unfamiliar site from an address you have never had mail from.',
      },
      { cue: 'distracting_detail', where: "The report and parents' evening", explain: 'Realistic detail lowers your guard.' },
    ],
    lesson:
      "Parents do write to teachers, which is why this works. Parents' messages with links to documents should come through the school's parent portal; if one arrives from a personal address, check with the school office before opening it.",
  },
  {
    key: 'exam-board-entries',
    name: 'Exam board entries deadline',
    subject: 'Final reminder: late entry fees apply from Friday',
    senderName: 'Exams Officer Support',
    senderAddress: 'centre-support',
    pretext: 'known_brand',
    technique: 'credential_page',
    theme: 'exam_board_dfe_la',
    cues: ['urgency', 'authority', 'domain_spoofing', 'url_hyperlinking', 'logo_imitation', 'legal_language'],
    premiseAlignment: 'medium',
    ethicsFlags: [],
    paragraphs: [
      'Dear Centre,',
      'Our records show that your centre has entries awaiting confirmation for the summer series. Late entry fees will apply from Friday.',
      'Please sign in to the secure extranet to review and confirm your entries.',
    ],
    button: 'Sign in to the secure extranet',
    teachable: [
      { cue: 'authority', where: 'Exam board pretext', explain: 'Exam boards are trusted and their deadlines are real.' },
      { cue: 'domain_spoofing', where: 'Sender and link', explain: "Neither is the exam board's real domain." },
    ],
    lesson:
      'Exam board, DfE and local authority portals are worth a lot to attackers. Use the address you keep in your bookmarks; boards do not send sign-in links for entries to every member of staff.',
  },
  {
    key: 'dfe-census-return',
    name: 'DfE census return query',
    subject: 'School census: data query for your school',
    senderName: 'DfE Data Collections',
    senderAddress: 'data.collections',
    pretext: 'known_brand',
    technique: 'attachment_like',
    theme: 'exam_board_dfe_la',
    documentName: 'Census query Q-4471.xlsx',
    cues: ['authority', 'attachment_type', 'domain_spoofing', 'no_signer_details'],
    premiseAlignment: 'medium',
    ethicsFlags: [],
    paragraphs: [
      'Dear colleague,',
      'A query has been raised on your school census return. Please review the attached spreadsheet and respond within five working days.',
    ],
    button: '📊 {{document}}',
    teachable: [
      { cue: 'attachment_type', where: 'The spreadsheet', explain: 'A spreadsheet "attachment" that is really a link.' },
      { cue: 'authority', where: 'DfE', explain: 'The DfE uses its own collection service, not emailed links.' },
    ],
    lesson:
      "Census queries are handled in the DfE's own service by the data manager. If a message about census or data collections reaches you, pass it to the data manager and report it.",
  },
  {
    key: 'mis-reauthenticate',
    name: 'MIS sign-in verification',
    subject: 'Unusual sign-in to your MIS account',
    senderName: 'iSAMS Security',
    senderAddress: 'security-alerts',
    pretext: 'known_brand',
    technique: 'credential_page',
    theme: 'mis_login',
    cues: ['threatening_language', 'urgency', 'security_icons', 'domain_spoofing', 'url_hyperlinking'],
    premiseAlignment: 'high',
    ethicsFlags: [],
    paragraphs: [
      '🔒 We noticed an unusual sign-in to your account from a new device.',
      'If this was not you, verify your account now so we can secure it. Unverified accounts are suspended after 24 hours.',
    ],
    button: 'Verify my account',
    teachable: [
      { cue: 'security_icons', where: 'The padlock', explain: 'A padlock in an email proves nothing.' },
      { cue: 'threatening_language', where: '"suspended after 24 hours"', explain: 'Fear of losing access is the lever.' },
    ],
    lesson:
      'Security alerts that ask you to "verify" by signing in are the most convincing kind of phishing. Close the message, open the MIS the way you always do, and tell IT: they can see real sign-in alerts.',
  },
  {
    key: 'qr-mfa-reenrol',
    name: 'Re-register your authenticator (QR)',
    subject: 'Multi-factor authentication: re-register by Friday',
    senderName: 'IT Services',
    senderAddress: 'it-services-mfa',
    pretext: 'internal',
    technique: 'qr',
    theme: 'it_account',
    cues: ['urgency', 'domain_spoofing', 'no_branding', 'authority'],
    premiseAlignment: 'high',
    ethicsFlags: [],
    paragraphs: [
      'Hello {{first_name}},',
      'As part of the upgrade to our security systems, all staff must re-register their authenticator app by Friday.',
      'Scan the QR code below with your phone to start.',
    ],
    teachable: [
      { cue: 'domain_spoofing', where: 'Sender', explain: "Not the school's address." },
      {
        cue: 'no_branding',
        where: 'The QR code',
        explain: "A QR code hides the link so you cannot check it, and your phone is outside the school's protection.",
      },
    ],
    lesson:
      'QR codes in emails are used because they hide the link and move you to your phone. IT Services announces changes to sign-in in person and on the staff bulletin; ask before scanning.',
  },
  {
    key: 'bonus-gift-voucher',
    name: 'End-of-term thank-you voucher',
    subject: 'A thank-you from the Bursary: claim your £50 voucher',
    senderName: 'The Bursary',
    senderAddress: 'staff-rewards',
    pretext: 'internal',
    technique: 'credential_page',
    theme: 'hr_payroll',
    cues: ['too_good_to_be_true', 'urgency', 'domain_spoofing', 'url_hyperlinking', 'generic_greeting'],
    premiseAlignment: 'medium',
    ethicsFlags: ['bonus'],
    paragraphs: [
      'Dear staff member,',
      'To thank everyone for a busy term, the Bursary is giving every member of staff a £50 voucher. Claim yours before the end of term.',
    ],
    button: 'Claim my voucher',
    teachable: [
      { cue: 'too_good_to_be_true', where: 'The voucher', explain: 'Free money by email is the oldest trick there is.' },
      { cue: 'generic_greeting', where: '"Dear staff member"', explain: 'The Bursary knows your name.' },
    ],
    lesson:
      'Rewards are announced by the Bursar or the Head in person or in the staff bulletin, never through a link asking for your sign-in. A voucher offer is a good reason to report a message.',
  },
  {
    key: 'teams-voicemail',
    name: 'Missed voicemail',
    subject: 'You have a new voicemail (0:42)',
    senderName: 'Microsoft Teams',
    senderAddress: 'voicemail-noreply',
    pretext: 'known_brand',
    technique: 'link',
    theme: 'it_account',
    cues: ['curiosity', 'display_name_mismatch', 'logo_imitation', 'url_hyperlinking', 'no_signer_details'],
    premiseAlignment: 'medium',
    ethicsFlags: [],
    paragraphs: ['You received a voicemail from +44 7700 900461 (0:42).', 'Listen to the message: [link]'],
    teachable: [
      { cue: 'display_name_mismatch', where: 'Sender', explain: 'Teams voicemail comes from Microsoft, not this address.' },
      { cue: 'curiosity', where: 'An unknown number', explain: 'Who called? The wish to know is the hook.' },
    ],
    lesson: 'Voicemail is in Teams itself, under Calls. Open Teams to listen rather than a link in an email.',
  },
  {
    key: 'safeguarding-referral',
    name: 'Safeguarding referral update',
    subject: 'Confidential: safeguarding referral update',
    senderName: 'Local Authority MASH',
    senderAddress: 'mash-secure',
    pretext: 'known_brand',
    technique: 'credential_page',
    theme: 'exam_board_dfe_la',
    cues: ['authority', 'urgency', 'domain_spoofing', 'sensitive_request'],
    premiseAlignment: 'high',
    ethicsFlags: ['safeguarding'],
    paragraphs: [
      'Dear colleague,',
      'An update on a referral you are named on is available in the secure portal. For data protection reasons it cannot be sent by email.',
    ],
    button: 'Open the secure portal',
    teachable: [
      { cue: 'authority', where: 'The local authority', explain: 'Safeguarding messages are trusted and feel urgent.' },
      { cue: 'sensitive_request', where: 'The portal sign-in', explain: 'It asks for your school password on an outside page.' },
    ],
    lesson:
      "Safeguarding updates come through the DSL and the school's own systems. Pass anything like this to the DSL, and report it.",
  },
];
