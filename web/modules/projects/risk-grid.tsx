import { Paper, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Risk } from './project-types.ts';

const cellColor = (score: number) =>
  score >= 15
    ? 'var(--mantine-color-red-6)'
    : score >= 10
      ? 'var(--mantine-color-orange-5)'
      : score >= 5
        ? 'var(--mantine-color-yellow-4)'
        : 'var(--mantine-color-green-4)';

const LEVELS = [1, 2, 3, 4, 5];
const axis = { fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)', fontWeight: 600 } as const;

/**
 * The 5 x 5 matrix as a real table: likelihood up the side (5 at the top), impact across
 * (1 to 5), each open risk's code in its cell; a screen reader hears "likelihood 4, impact 3".
 */
export function RiskGrid({ risks }: { risks: Risk[] }) {
  const open = risks.filter((r) => r.status === 'open');
  return (
    <Paper withBorder p="md">
      <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 4, tableLayout: 'fixed' }}>
        <caption style={{ textAlign: 'left', fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', paddingBottom: 4 }}>
          Risk matrix: likelihood × impact (open risks)
        </caption>
        <thead>
          <tr>
            <th scope="col" style={{ ...axis, width: 64, textAlign: 'left' }}>
              Likelihood
            </th>
            {LEVELS.map((i) => (
              <th key={i} scope="col" style={axis}>
                <VisuallyHidden>Impact </VisuallyHidden>
                {i}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((l) => (
            <tr key={l}>
              <th scope="row" style={{ ...axis, textAlign: 'center' }}>
                <VisuallyHidden>Likelihood </VisuallyHidden>
                {l}
              </th>
              {LEVELS.map((i) => {
                const here = open.filter((r) => r.likelihood === l && r.impact === i);
                return (
                  <td
                    key={i}
                    style={{
                      background: cellColor(l * i),
                      opacity: here.length ? 1 : 0.35,
                      borderRadius: 4,
                      height: 38,
                      textAlign: 'center',
                    }}
                  >
                    {here.length > 0 ? (
                      <Tooltip label={here.map((r) => `${r.code} ${r.title}`).join('\n')} multiline>
                        <Text size="xs" fw={700} c="dark.9" span>
                          {here.map((r) => r.code).join(' ')}
                        </Text>
                      </Tooltip>
                    ) : (
                      <VisuallyHidden>none</VisuallyHidden>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <td colSpan={5} style={{ ...axis, textAlign: 'center' }}>
              Impact
            </td>
          </tr>
        </tfoot>
      </table>
    </Paper>
  );
}
