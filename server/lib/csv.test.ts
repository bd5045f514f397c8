import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, decodeText } from './csv.ts';

describe('csvCell (OWASP CSV injection rule)', () => {
  it('prefixes every text cell that starts with =, +, -, @, tab or CR', () => {
    expect(csvCell('-1+HYPERLINK("http://evil.example","x")')).toBe(`"'-1+HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvCell('+44 cmd')).toBe("'+44 cmd");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('-2-3')).toBe("'-2-3");
  });

  it('leaves plain numbers, ordinary text and empty values alone', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell('+4.5')).toBe('+4.5');
    expect(csvCell('Wi-Fi, hall')).toBe('"Wi-Fi, hall"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-11-03T09:00:00Z'))).toBe('2026-11-03T09:00:00.000Z');
    expect(csvLine(['a', '-1+1', 2])).toBe("a,'-1+1,2\r\n");
  });
});

describe('decodeText: what kind of file it is', () => {
  const csv = 'Email,Name\r\na@b.c,Zoë\r\n';
  it('refuses UTF-16 without a byte-order mark, saying so, instead of a misleading quote error', () => {
    const le = Buffer.from(csv, 'utf16le');
    expect(() => decodeText(le, 'people.csv')).toThrow(
      'people.csv:1: this looks like UTF-16 (little-endian) text without a byte-order mark; save it again as "CSV UTF-8" (or "Unicode text", which adds the mark) and upload that',
    );
    const be = Buffer.from(le).swap16();
    expect(() => decodeText(be, 'people.csv')).toThrow(/^people\.csv:1: this looks like UTF-16 \(big-endian\)/);
    expect(() => decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]), 'x.csv')).toThrow(
      'x.csv:1: this is not a text file (it holds zero bytes, as a spreadsheet, PDF or image does)',
    );
  });
  it('still reads UTF-16 with its mark, UTF-8 and Windows-1252', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]))).toBe(csv);
    expect(decodeText(Buffer.from(csv, 'utf8'))).toBe(csv);
    expect(decodeText(Buffer.from(csv, 'latin1'))).toBe(csv);
  });
});
