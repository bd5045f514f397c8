import CFB from 'cfb';

/**
 * An Outlook item (.msg) as [MS-OXMSG] lays it out: a compound file with a property stream
 * (a 32-byte header for a top-level message, then 16-byte entries) and one `__substg1.0_` stream
 * per variable-length property, strings as UTF-16LE (type 001F) with their terminator.
 */
export function outlookMsg(o: { subject: string; body: string; html?: string }): Buffer {
  const cfb = CFB.utils.cfb_new();
  const str = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
  const streams: [number, Buffer][] = [
    [0x001a001f, str('IPM.Note')], // PidTagMessageClass
    [0x0037001f, str(o.subject)], // PidTagSubject
    [0x1000001f, str(o.body)], // PidTagBody
  ];
  if (o.html) streams.push([0x10130102, Buffer.from(o.html, 'utf8')]); // PidTagHtml (binary)
  const props = Buffer.alloc(32 + 16 * streams.length);
  streams.forEach(([tag, data], i) => {
    const at = 32 + 16 * i;
    props.writeUInt32LE(tag >>> 0, at);
    props.writeUInt32LE(0x6, at + 4); // readable and writable
    props.writeUInt32LE(data.length, at + 8);
  });
  CFB.utils.cfb_add(cfb, '/__properties_version1.0', props);
  for (const [tag, data] of streams)
    CFB.utils.cfb_add(cfb, `/__substg1.0_${tag.toString(16).toUpperCase().padStart(8, '0')}`, data);
  return CFB.write(cfb, { type: 'buffer' }) as Buffer;
}
