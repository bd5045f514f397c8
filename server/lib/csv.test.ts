import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.ts';

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
