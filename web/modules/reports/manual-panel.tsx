import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { ManualValueRow } from './report-types.ts';

function ManualRow({ row, termStartsOn }: { row: ManualValueRow; termStartsOn: string }) {
  const qc = useQueryClient();
  const shown =
    row.value === null ? '' : row.format === 'share' ? String(Math.round(Number(row.value) * 10000) / 100) : row.value;
  const [value, setValue] = useState(shown);
  const [evidence, setEvidence] = useState(row.evidence ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api('/api/reports/manual', { method: 'PUT', body: { termStartsOn, kpiId: row.kpiId, value, evidence } }),
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: ['report-manual', termStartsOn] });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Stack gap={4} data-manual={row.kpiId}>
      <Group align="flex-end" wrap="wrap" gap="xs">
        {row.format === 'date' ? (
          <DateField label={row.label} description="Date of the test" value={value} onChange={setValue} w={220} />
        ) : (
          <TextInput
            label={row.label}
            description={row.format === 'share' ? 'Per cent' : 'Number'}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            w={220}
          />
        )}
        <TextInput
          label="Evidence"
          description={row.evidenceHint}
          value={evidence}
          onChange={(e) => setEvidence(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
        />
        <Button size="sm" variant="light" onClick={() => save.mutate()} loading={save.isPending}>
          Save
        </Button>
      </Group>
      {row.enteredBy && row.enteredAt && (
        <Text size="xs" c="dimmed">
          Entered by {row.enteredBy}, {formatDate(row.enteredAt)}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** The figures from outside Belfry, entered by hand for the term with their evidence; refresh to use them. */
export function ManualPanel({ termStartsOn }: { termStartsOn: string }) {
  const query = useQuery({
    queryKey: ['report-manual', termStartsOn],
    queryFn: () => api<{ values: ManualValueRow[] }>(`/api/reports/manual/${termStartsOn}`),
  });
  return (
    <Card withBorder component="section" aria-label="Figures entered by hand">
      <Title order={2} size="h4" mb={4}>
        Figures entered by hand
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Belfry does not hold these: enter each term’s figure with where it came from, then refresh the figures.
      </Text>
      <QueryView query={query}>
        {(d) => (
          <Stack>
            {d.values.map((r) => (
              <ManualRow key={`${r.kpiId}-${r.enteredAt}`} row={r} termStartsOn={termStartsOn} />
            ))}
          </Stack>
        )}
      </QueryView>
    </Card>
  );
}
