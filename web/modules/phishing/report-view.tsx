import { List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { minutesWords, RateFigure, rateWords } from './figures.tsx';
import type { SltReport } from './types.ts';

/** The SLT findings: the same on screen, on paper and (in words) in the Word document. */
export function ReportView({ r, compact = false }: { r: SltReport; compact?: boolean }) {
  const h = r.headline;
  if (r.suppressedOverall) return <Text>Fewer than {r.threshold} people received this simulation, so no figures are shown.</Text>;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: compact ? 2 : r.campaign.landingMode === 'form' ? 4 : 3 }}>
        <RateFigure label="Reported it" rate={h.reported} />
        <RateFigure label="Recognised it (reported before any click)" rate={h.recognised} />
        <RateFigure label="Opened the link (people)" rate={h.humanClicked} />
        {r.campaign.landingMode === 'form' && <RateFigure label="Went on to the pretend sign-in" rate={h.submitted} />}
      </SimpleGrid>
      <List size="sm" spacing={4}>
        <List.Item>
          {r.delivered} people received it. Median time to report: {minutesWords(h.medianMinutesToFirstReport)}; the first report
          reached IT {minutesWords(h.minutesToFirstReport)} after the first delivery.
        </List.Item>
        <List.Item>
          {h.excludedAutomated} requests from link scanners, previews and report-button checks were left out
          {h.uncertainClicks ? `; ${h.uncertainClicks} uncertain clicks are not counted` : ''}.
        </List.Item>
        <List.Item>
          No password or other typed value is ever captured. Open rates are not shown: they do not measure people.
        </List.Item>
      </List>
      <div>
        <Title order={3} size="h5" mb={4}>
          By group
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Reported</Table.Th>
              <Table.Th>Opened the link</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.groups.map((g) => (
              <Table.Tr key={g.name}>
                <Table.Td>
                  {g.name}
                  {g.n ? ` (${g.n})` : ''}
                </Table.Td>
                {g.suppressed ? (
                  <Table.Td colSpan={2}>
                    <Text size="sm" c="dimmed">
                      Fewer than {r.threshold} people: not shown
                    </Text>
                  </Table.Td>
                ) : (
                  <>
                    <Table.Td>{rateWords(g.reported)}</Table.Td>
                    <Table.Td>{rateWords(g.humanClicked)}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {r.themes.rows.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Which lures worked
          </Title>
          <Table>
            <Table.Tbody>
              {r.themes.rows.map((t) => (
                <Table.Tr key={t.tag}>
                  <Table.Td>
                    {t.label} ({t.n})
                  </Table.Td>
                  <Table.Td>opened {rateWords(t.humanClicked)}</Table.Td>
                  <Table.Td>reported {rateWords(t.reported)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" mt={4}>
            {r.themes.statement}
          </Text>
        </div>
      )}
      {r.difficulty.length > 0 && (
        <Text size="sm" c="dimmed">
          Difficulty (NIST Phish Scale): {r.difficulty.map((d) => `${d.label.toLowerCase()} ${d.n}`).join(', ')}.
        </Text>
      )}
    </Stack>
  );
}
