import { Box, Group, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import type { Risk } from './project-types.ts';

const cellColor = (score: number) =>
  score >= 15
    ? 'var(--mantine-color-red-6)'
    : score >= 10
      ? 'var(--mantine-color-orange-5)'
      : score >= 5
        ? 'var(--mantine-color-yellow-4)'
        : 'var(--mantine-color-green-4)';

/** The 5 x 5 matrix: likelihood up, impact across, each open risk's code in its cell. */
export function RiskGrid({ risks }: { risks: Risk[] }) {
  const open = risks.filter((r) => r.status === 'open');
  return (
    <Paper withBorder p="md">
      <Text size="sm" fw={600} mb="xs">
        Likelihood × impact
      </Text>
      <Group align="stretch" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" style={{ writingMode: 'vertical-rl', transform: 'rotate(180deg)', textAlign: 'center' }}>
          Likelihood
        </Text>
        <Box style={{ flex: 1 }}>
          <SimpleGrid cols={5} spacing={4} role="table" aria-label="Risk matrix">
            {[5, 4, 3, 2, 1].flatMap((l) =>
              [1, 2, 3, 4, 5].map((i) => {
                const here = open.filter((r) => r.likelihood === l && r.impact === i);
                return (
                  <Tooltip
                    key={`${l}-${i}`}
                    label={here.map((r) => `${r.code} ${r.title}`).join('\n') || `Likelihood ${l}, impact ${i}`}
                    multiline
                  >
                    <Box
                      role="cell"
                      style={{
                        background: cellColor(l * i),
                        opacity: here.length ? 1 : 0.35,
                        borderRadius: 4,
                        minHeight: 38,
                        display: 'flex',
                        alignItems: 'center',
                        justifyContent: 'center',
                        flexWrap: 'wrap',
                        gap: 2,
                      }}
                    >
                      <Text size="xs" fw={700} c="dark.9">
                        {here.map((r) => r.code).join(' ')}
                      </Text>
                    </Box>
                  </Tooltip>
                );
              }),
            )}
          </SimpleGrid>
          <Text size="xs" c="dimmed" ta="center" mt={4}>
            Impact
          </Text>
        </Box>
      </Group>
    </Paper>
  );
}
