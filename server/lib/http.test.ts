import { describe, expect, it } from 'vitest';
import { contentDisposition } from './http.ts';

describe('contentDisposition (RFC 6266 / 5987)', () => {
  it('gives plain ASCII names as they are', () => {
    expect(contentDisposition('attachment', 'helpdesk-metrics.csv')).toBe('attachment; filename="helpdesk-metrics.csv"');
  });
  it('adds filename* in UTF-8 for other names, with an ASCII fallback', () => {
    expect(contentDisposition('attachment', '报告.pdf')).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`,
    );
    expect(contentDisposition('inline', "Year 7's (new) café.png")).toBe(
      `inline; filename="Year 7's (new) caf_.png"; filename*=UTF-8''Year%207%27s%20%28new%29%20caf%C3%A9.png`,
    );
  });
  it('drops bidirectional overrides, control characters, quotes and path separators', () => {
    expect(contentDisposition('attachment', 'invoice\u202Efdp.exe')).toBe('attachment; filename="invoicefdp.exe"');
    expect(contentDisposition('attachment', 'a"b\r\nc/..\\d.txt')).toBe(
      `attachment; filename="a_bc_.._d.txt"; filename*=UTF-8''a%22bc_.._d.txt`,
    );
    expect(contentDisposition('attachment', '\u202E')).toBe('attachment; filename="download"');
  });
});
