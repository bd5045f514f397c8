import { existsSync } from 'node:fs';

/**
 * The font files the charts (resvg) and the PDF (pdfkit) draw text with: DejaVu Sans or
 * Liberation Sans, where Debian installs them. Naming the files is much faster than letting
 * resvg scan every system font for each chart. None found: the PDF falls back to Helvetica.
 */

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/truetype/liberation', '/usr/share/fonts/TTF'];
const FONTS = [
  ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVu Sans'],
  ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf', 'Liberation Sans'],
] as const;

export type FontFiles = { regular: string; bold: string; family: string };
let found: FontFiles | null | undefined;

export function findFonts(): FontFiles | null {
  if (found !== undefined) return found;
  found = null;
  for (const dir of FONT_DIRS)
    for (const [r, b, family] of FONTS)
      if (!found && existsSync(`${dir}/${r}`) && existsSync(`${dir}/${b}`))
        found = { regular: `${dir}/${r}`, bold: `${dir}/${b}`, family };
  return found;
}
