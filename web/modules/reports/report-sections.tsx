import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { EChart } from '../../lib/chart.tsx';
import type { ReportView } from './report-types.ts';

const CHARTS_IN: Record<string, string[]> = {
  service: ['service-volume'],
  reliability: ['service-levels'],
  projects: ['projects-rag'],
};

/** One narrative section: Belfry's draft from the figures, or the Director's words; editable while a draft. */
function Section({
  report,
  section,
  editable,
}: {
  report: ReportView;
  section: ReportView['narrative'][number];
  editable: boolean;
}) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(section.text);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: string | null) =>
      api<ReportView>(`/api/reports/${report.id}/narrative`, { method: 'PATCH', body: { key: section.key, text: value } }),
    onSuccess: (r) => {
      qc.setQueryData(['report', report.id], r);
      setEditing(false);
      setError(null);
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const charts = report.charts.filter((c) => CHARTS_IN[section.key]?.includes(c.id));
  return (
    <Card withBorder component="section" aria-label={section.title} data-section={section.key}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {section.title}
        </Title>
        <Group gap="xs">
          {section.edited && (
            <Text size="xs" c="dimmed">
              Edited by you
            </Text>
          )}
          {editable && !editing && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setText(section.text);
                setEditing(true);
              }}
            >
              Edit {section.title.toLowerCase()}
            </Button>
          )}
        </Group>
      </Group>
      {editing ? (
        <Stack gap="xs">
          <Textarea
            label={`${section.title}: your words`}
            autosize
            minRows={4}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group gap="xs">
            <Button size="xs" onClick={() => save.mutate(text)} loading={save.isPending}>
              Save {section.title.toLowerCase()}
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            {section.edited && (
              <Button size="xs" variant="subtle" onClick={() => save.mutate(null)}>
                Use Belfry’s draft again
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            One paragraph a line. Belfry’s draft from the figures: {section.draft.split('\n')[0]}
          </Text>
        </Stack>
      ) : (
        <Stack gap={6}>
          {section.text
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => (
              <Text key={l} size="sm">
                {l}
              </Text>
            ))}
        </Stack>
      )}
      {charts.map((c) => (
        <Stack key={c.id} gap={2} mt="sm">
          <EChart option={c.option} height={c.height} label={c.title} />
          <Text size="xs" c="dimmed" ta="center">
            {c.title}
          </Text>
        </Stack>
      ))}
    </Card>
  );
}

export function ReportSections({ report, editable }: { report: ReportView; editable: boolean }) {
  return (
    <Stack>
      {report.narrative.map((s) => (
        <Section key={`${s.key}-${s.text.length}-${s.edited}`} report={report} section={s} editable={editable} />
      ))}
    </Stack>
  );
}
