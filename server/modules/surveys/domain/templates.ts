/**
 * The survey emails, drafted for the Director to edit before they go: a briefing for key staff
 * (form tutors, heads of year, the DSL) before launch, the launch announcement, and reminders.
 * Plain words; the anonymity rule is stated because staff in small teams fear identification.
 */

export type CommsKind = 'briefing' | 'announcement' | 'reminder-1' | 'reminder-2';

export type TemplateInput = {
  title: string;
  audienceLabel: string;
  opensAt: Date;
  closesAt: Date;
  link: string;
  singleUse: boolean;
  timeZone: string;
};

const when = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long' }).format(d);

export function renderTemplate(kind: CommsKind, t: TemplateInput): { subject: string; body: string } {
  const opens = when(t.opensAt, t.timeZone);
  const closes = when(t.closesAt, t.timeZone);
  const how = t.singleUse
    ? 'Each person has their own single-use link; form tutors will hand them out.'
    : `The link is ${t.link}`;
  const anonymity =
    'The survey is anonymous: no names or email addresses are collected, and results are only reported for groups of at least 10 people.';
  switch (kind) {
    case 'briefing':
      return {
        subject: `Briefing: the ${t.title} opens on ${opens}`,
        body: [
          'Dear colleagues,',
          `The ${t.title} (${t.audienceLabel}) opens on ${opens} and closes on ${closes}. Before it goes out, here is what you need to know.`,
          `- How: ${how}`,
          '- Pupils can answer in a lesson: the page works on phones and tablets and the questions can be read aloud.',
          `- ${anonymity}`,
          '- Free-text answers from pupils are read first by the Designated Safeguarding Lead.',
          'Please let me know by return if the dates clash with anything in your area.',
          'Thank you,\nIT Services',
        ].join('\n\n'),
      };
    case 'announcement':
      return {
        subject: `${t.title}: please tell us what you think`,
        body: [
          'Hello,',
          `The ${t.title} is open now until ${closes}. It takes about ten minutes and helps us decide what to improve next.`,
          how,
          anonymity,
          'Thank you,\nIT Services',
        ].join('\n\n'),
      };
    default:
      return {
        subject: `Reminder: the ${t.title} closes on ${closes}`,
        body: [
          'Hello,',
          `A reminder that the ${t.title} closes on ${closes}. If you have already answered, thank you; there is no need to do it again.`,
          how,
          anonymity,
          'IT Services',
        ].join('\n\n'),
      };
  }
}
