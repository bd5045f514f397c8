/** What Oakfield's help desk tickets say: subjects, first messages and replies per category. */

export type Topic = { subject: string; body: string; reply: string; fix: string };

export const TOPICS: Record<string, Topic[]> = {
  'Wi-Fi': [
    {
      subject: 'Wi-Fi keeps dropping in {room}',
      body: 'The Wi-Fi keeps dropping out in {room}, mostly at lunchtime. Teams calls freeze.',
      reply: 'Thanks: which device, and roughly what time did it drop?',
      fix: 'We have moved the access point in {building} to a less crowded channel; let us know if it happens again.',
    },
    {
      subject: 'Cannot connect to OakfieldSecure',
      body: 'My laptop will not join OakfieldSecure in {building}. It says it cannot connect to this network.',
      reply: 'Could you forget the network and sign in again with your school account?',
      fix: 'The certificate on your laptop had expired; it has been renewed.',
    },
    {
      subject: 'Wi-Fi very slow in {building}',
      body: 'Internet is really slow in {room} at lunch, pages take ages to load.',
      reply: 'We are looking at the access point logs for {building}.',
      fix: 'The access point was overloaded at lunchtime; we have added capacity.',
    },
  ],
  Accounts: [
    {
      subject: 'Locked out of my account',
      body: 'I am locked out after the password change and cannot sign in to Teams.',
      reply: 'Your account is unlocked; please try again and set up the authenticator.',
      fix: 'Unlocked and MFA re-registered.',
    },
    {
      subject: 'Cannot get into Google Classroom',
      body: 'Classroom says I do not have access to my class.',
      reply: 'Which class code are you using?',
      fix: 'You have been added to the class.',
    },
    {
      subject: 'New starter needs an account',
      body: 'We have a new member of staff starting on Monday who needs an account and a laptop.',
      reply: 'Please send the start date and department.',
      fix: 'Account created and the laptop is ready to collect from IT.',
    },
  ],
  Printing: [
    {
      subject: 'Printer in {room} offline',
      body: 'The printer in {room} shows offline and nothing prints.',
      reply: 'Is the display on the printer showing an error?',
      fix: 'The printer had lost its network address; it is back online.',
    },
    {
      subject: 'Toner low in the staff room',
      body: 'The staff room copier says toner low.',
      reply: 'A technician is on the way with toner.',
      fix: 'Toner replaced.',
    },
    {
      subject: 'Cannot release print jobs',
      body: 'My card does not release my print jobs at the copier.',
      reply: 'Please try signing in with your username at the copier.',
      fix: 'Your card has been re-registered.',
    },
  ],
  AV: [
    {
      subject: 'Projector in {room} shows no picture',
      body: 'The projector in {room} shows no picture from my laptop.',
      reply: 'Which cable are you using, HDMI or the wireless display?',
      fix: 'The HDMI cable was faulty and has been replaced.',
    },
    {
      subject: 'Speakers not working in {room}',
      body: 'No sound from the classroom speakers in {room}.',
      reply: 'We will come and look at the amplifier.',
      fix: 'The amplifier input was switched; sorted.',
    },
    {
      subject: 'Interactive screen not responding to touch',
      body: 'The panel in {room} does not respond to touch.',
      reply: 'Could you try restarting it from the wall switch?',
      fix: 'Touch driver reinstalled; it works again.',
    },
  ],
  Hardware: [
    {
      subject: 'Laptop will not charge',
      body: 'My school laptop does not charge with its charger.',
      reply: 'Please bring it to the IT office and we will swap the charger.',
      fix: 'Charger replaced under warranty.',
    },
    {
      subject: 'Keyboard missing keys',
      body: 'Several keys have come off my laptop keyboard.',
      reply: 'Bring it in and we will lend you one while it is repaired.',
      fix: 'Keyboard replaced.',
    },
  ],
  Software: [
    {
      subject: 'Need software installed',
      body: 'Could you install the graphing software on the computers in {room}?',
      reply: 'Which version do you need for the course?',
      fix: 'Installed on all machines in {room}.',
    },
    {
      subject: 'Office keeps asking me to activate',
      body: 'Word keeps asking me to activate on my laptop.',
      reply: 'Please sign out of Office and back in with your school account.',
      fix: 'Licence reassigned; activation works.',
    },
  ],
  Email: [
    {
      subject: 'Not receiving external emails',
      body: 'Emails from parents do not seem to reach me.',
      reply: 'Could you forward one that bounced?',
      fix: 'The sender was caught by the spam filter; we have released and allowed them.',
    },
    {
      subject: 'Shared mailbox missing',
      body: 'The department shared mailbox has disappeared from Outlook.',
      reply: 'We will re-add your permission.',
      fix: 'Permission restored; it will reappear within an hour.',
    },
  ],
  Devices: [
    {
      subject: 'iPad cannot download apps',
      body: 'The class iPads in {room} will not download the app for today.',
      reply: 'We are pushing the app from device management now.',
      fix: 'App deployed to all iPads in the set.',
    },
    {
      subject: 'Chromebook stuck on update',
      body: 'A pupil Chromebook has been stuck on updating all morning.',
      reply: 'Please hold the power button for ten seconds and try again.',
      fix: 'Powerwashed and re-enrolled.',
    },
  ],
  Network: [
    {
      subject: 'Network point dead in {room}',
      body: 'The wall network point in {room} does not work.',
      reply: 'We will test the point this afternoon.',
      fix: 'Patched at the cabinet; working.',
    },
  ],
  Filtering: [
    {
      subject: 'Website blocked for a lesson',
      body: 'A site I need for a lesson is blocked by the filter.',
      reply: 'We will check the site and ask the DSL to approve.',
      fix: 'Approved and unblocked for staff.',
    },
  ],
  Other: [
    {
      subject: 'Question about the loan laptops',
      body: 'How do pupils borrow a loan laptop when theirs is being repaired?',
      reply: 'They can come to the IT office with their planner.',
      fix: 'Answered; closing this.',
    },
  ],
};

/** Rough shares of tickets by category (term start tilts towards accounts and devices). */
export const CATEGORY_WEIGHTS: [string, number][] = [
  ['Wi-Fi', 5],
  ['Accounts', 16],
  ['Printing', 14],
  ['AV', 12],
  ['Hardware', 10],
  ['Software', 9],
  ['Email', 6],
  ['Devices', 10],
  ['Network', 3],
  ['Filtering', 3],
  ['Other', 5],
];

/** `{agent}` is the first name of the person in IT who resolved the ticket (kudos name the right person). */
export const KUDOS = [
  'Thanks, Wi-Fi works in the library now!',
  '{agent} sorted it in five minutes, brilliant.',
  'Really quick and friendly, thank you.',
  'Fixed before my next lesson, much appreciated.',
  '{agent} explained exactly what went wrong. Great service.',
  '{agent} came over straight away. Thank you!',
  'Lovely, the projector is perfect now.',
  'Super helpful as always.',
];

export const GRUMBLES = ['Took two goes to fix.', 'It took three days and I had no laptop.', 'Still a bit slow at lunchtime.'];
