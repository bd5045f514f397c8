import { type CSSVariablesResolver, DEFAULT_THEME, darken, luminance, type MantineColorsTuple } from '@mantine/core';

/**
 * Mantine's default shades put white text on red, orange, green or yellow at 2-4:1, and its
 * coloured text (c="red", light badges, alerts) at about 3:1 on white: under WCAG AA's 4.5:1.
 * In light mode each colour's filled background, coloured text and light-variant text are
 * darkened just until they reach 4.7:1 (a little over AA, for the tinted panels they sit on).
 */
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

export function readable(color: string, against = '#ffffff', target = 4.7): string {
  let c = color;
  for (let step = 0; step < 20 && contrast(c, against) < target; step++) c = darken(c, 0.05);
  return c;
}

export function accessibleColours(colors: Record<string, MantineColorsTuple | undefined>): CSSVariablesResolver {
  return () => {
    const light: Record<string, string> = { '--mantine-color-dimmed': '#5c636a' };
    for (const [name, tuple] of Object.entries({ ...DEFAULT_THEME.colors, ...colors })) {
      if (!tuple || name === 'dark') continue;
      const filled = readable(tuple[6]);
      light[`--mantine-color-${name}-filled`] = filled;
      light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
      // Light badges and alerts sit on a wash about as dark as shade 1: judge the text against it.
      const text = readable(tuple[7], tuple[1]);
      light[`--mantine-color-${name}-text`] = text;
      light[`--mantine-color-${name}-light-color`] = text;
      light[`--mantine-color-${name}-outline`] = text;
    }
    // Links sit on white and inside light blue notices (#d0ebff): readable on both.
    const primary = colors.belfry ?? DEFAULT_THEME.colors.blue;
    light['--mantine-color-anchor'] = readable(primary[7], '#d0ebff');
    return { variables: {}, light, dark: { '--mantine-color-dimmed': '#a6a7ab' } };
  };
}
