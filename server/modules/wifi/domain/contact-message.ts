/**
 * The message to a pupil (or member of staff), drafted from their own evidence, e.g. "your device
 * failed to connect 14 times on Tuesday in three buildings where other devices connected normally".
 * Pure: the numbers come in, the words go out; IT reads and edits it before sending.
 */

export type PersonalEvidence = {
  firstName: string | null;
  model: string | null;
  failures: number;
  attempts: number;
  /** Local dates on which the device failed. */
  failureDays: string[];
  buildings: string[];
  /** Success rate of other devices on the same APs on the same days. */
  peerSuccess: number | null;
  randomised: boolean;
  /** dB weaker than peers on the same AP, when the radio is the problem. */
  weakByDb: number | null;
  stage: 'assoc' | 'auth' | 'dhcp' | 'dns' | null;
};

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const words = (n: number) => NUMBERS[n] ?? String(n);
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });

function listOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function daysPhrase(days: string[]): string {
  const sorted = [...days].sort();
  if (sorted.length === 0) return '';
  const span = (Date.parse(sorted[sorted.length - 1] as string) - Date.parse(sorted[0] as string)) / 86400000;
  if (sorted.length <= 3 && span < 7) return `on ${listOf(sorted.map(weekday))}`;
  return `on ${words(sorted.length)} school days`;
}

const STAGE_HINTS: Record<NonNullable<PersonalEvidence['stage']>, string> = {
  assoc: 'It could not join the network at all, which is usually the device’s Wi-Fi adapter or its driver.',
  auth: 'It was turned away when signing in to the network, which usually means a saved password or certificate on the device is out of date.',
  dhcp: 'It joined the network but did not get an address, which a restart and “forget this network” usually fixes.',
  dns: 'It joined the network but could not look up websites, which usually means the device has its own DNS settings.',
};

export function draftContactMessage(e: PersonalEvidence): { subject: string; body: string } {
  const hello = e.firstName ? `Hello ${e.firstName},` : 'Hello,';
  const device = e.model ? `your device (${e.model})` : 'your device';
  const where = e.buildings.length
    ? ` in ${e.buildings.length === 1 ? e.buildings[0] : `${words(e.buildings.length)} buildings (${listOf(e.buildings)})`}`
    : '';
  const peers =
    e.peerSuccess === null
      ? ''
      : `, where other devices connected normally (${Math.round(e.peerSuccess * 100)}% of their attempts succeeded)`;
  const lines = [hello, ''];
  if (e.failures > 0) {
    lines.push(
      `We have been looking at the school Wi-Fi records. ${device[0]?.toUpperCase()}${device.slice(1)} failed to connect ${e.failures === 1 ? 'once' : `${e.failures} times`} ${daysPhrase(e.failureDays)}${where}${peers}. This points to a problem with the device rather than with the school Wi-Fi.`,
    );
    if (e.stage) lines.push('', STAGE_HINTS[e.stage]);
  }
  if (e.weakByDb !== null)
    lines.push(
      '',
      `${e.failures > 0 ? 'Also, your' : `We have been looking at the school Wi-Fi records. Your`} device’s Wi-Fi signal was about ${Math.round(e.weakByDb)} dB weaker than other devices in the same place, which suggests a weak Wi-Fi radio or a device that holds on to a distant access point.`,
    );
  if (e.randomised)
    lines.push(
      '',
      'Your device uses a private (changing) Wi-Fi address. On the school network, please turn “Private Wi-Fi address” off so we can recognise your device.',
    );
  lines.push('', 'Please bring it to the IT office when you can, and we will help you sort it out.', '', 'IT Services');
  return { subject: 'Your device and the school Wi-Fi', body: lines.join('\n') };
}
