import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { Catalogue, Comparability, Question } from './types.ts';

type WordingRow = {
  itemId: string;
  instrumentCode: string;
  audience: string;
  audienceLabel: string;
  year: number;
  wording: string;
  scaleId: string | null;
  questionId: string | null;
  comparability: Comparability | null;
  notes: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};

/** The canonical questions, and each year's wording beside them: the Director decides comparability once (audited). */
export function BankTab({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const data = useQuery({
    queryKey: ['surveys', 'wordings'],
    queryFn: () => api<{ questions: Question[]; rows: WordingRow[] }>('/api/surveys/wordings'),
  });
  const catalogue = useQuery({ queryKey: ['surveys', 'catalogue'], queryFn: () => api<Catalogue>('/api/surveys/catalogue') });
  const [selected, setSelected] = useState<string | null>(null);
  const map = useMutation({
    mutationFn: (v: { itemId: string; questionId: string | null; comparability: string | null }) =>
      api(`/api/surveys/items/${v.itemId}/mapping`, {
        method: 'PUT',
        body: { questionId: v.questionId, comparability: v.comparability },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['surveys'] }),
  });
  return (
    <QueryView query={data}>
      {(d) => {
        const q = d.questions.find((x) => x.id === selected) ?? d.questions[0];
        const rows = d.rows.filter((r) => r.questionId === q?.id);
        const unmapped = d.rows.filter((r) => !r.questionId);
        const comparability = (catalogue.data?.comparability ?? []).map((c) => ({ value: c.id, label: c.label }));
        // A scale by its name ("Agree–disagree, 5 points"), never its id (agree5).
        const scaleName = (id: string | null) =>
          id ? (catalogue.data?.scales.find((x) => x.id === id)?.name ?? id) : 'no scale (free text)';
        return (
          <Stack>
            {map.error && <Alert color="red">{errorMessage(map.error)}</Alert>}
            <Group align="flex-end">
              <Select
                label="Canonical question"
                w={420}
                data={d.questions.map((x) => ({ value: x.id, label: `${x.code}: ${x.construct}` }))}
                value={q?.id ?? null}
                onChange={setSelected}
              />
              {q && (
                <Text size="sm" c="dimmed">
                  "{q.wording}" · {scaleName(q.scaleId)}
                </Text>
              )}
            </Group>
            {q && (
              <ScrollArea type="auto">
                <Table fz="sm" withTableBorder striped miw={800}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Audience</Table.Th>
                      <Table.Th>Year</Table.Th>
                      <Table.Th>Asked as</Table.Th>
                      <Table.Th>Scale</Table.Th>
                      <Table.Th>Comparability</Table.Th>
                      <Table.Th>Decided</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r, i) => {
                      const prev = rows[i - 1];
                      const changed = prev && prev.audience === r.audience && prev.wording !== r.wording;
                      return (
                        <Table.Tr key={r.itemId}>
                          <Table.Td>{r.audienceLabel}</Table.Td>
                          <Table.Td>{r.year}</Table.Td>
                          <Table.Td>
                            {r.wording}{' '}
                            {changed && (
                              <Badge size="xs" color="orange">
                                wording changed
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>{scaleName(r.scaleId)}</Table.Td>
                          <Table.Td>
                            <Select
                              size="xs"
                              aria-label={`Comparability of ${r.instrumentCode}`}
                              data={comparability}
                              value={r.comparability}
                              disabled={!canEdit}
                              onChange={(v) => v && map.mutate({ itemId: r.itemId, questionId: q.id, comparability: v })}
                            />
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs" c="dimmed">
                              {r.decidedBy ?? ''} {r.decidedAt ? formatDateTime(r.decidedAt) : ''}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            )}
            {canEdit && unmapped.length > 0 && (
              <Card withBorder>
                <Title order={3} size="h5" mb="xs">
                  Asked questions not mapped yet
                </Title>
                <Stack gap="xs">
                  {unmapped.map((r) => (
                    <UnmappedRow
                      key={r.itemId}
                      r={r}
                      questions={d.questions}
                      comparability={comparability}
                      onMap={(v) => map.mutate(v)}
                    />
                  ))}
                </Stack>
              </Card>
            )}
            {canEdit && <NewQuestion catalogue={catalogue.data} />}
          </Stack>
        );
      }}
    </QueryView>
  );
}

function UnmappedRow(props: {
  r: WordingRow;
  questions: Question[];
  comparability: { value: string; label: string }[];
  onMap: (v: { itemId: string; questionId: string | null; comparability: string | null }) => void;
}) {
  const [questionId, setQuestionId] = useState<string | null>(null);
  const [comparability, setComparability] = useState<string | null>('identical');
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" w={320}>
        {props.r.instrumentCode}: {props.r.wording}
      </Text>
      <Select
        size="xs"
        placeholder="Canonical question"
        data={props.questions.map((x) => ({ value: x.id, label: x.code }))}
        value={questionId}
        onChange={setQuestionId}
      />
      <Select size="xs" data={props.comparability} value={comparability} onChange={setComparability} />
      <Button size="xs" disabled={!questionId} onClick={() => props.onMap({ itemId: props.r.itemId, questionId, comparability })}>
        Map
      </Button>
    </Group>
  );
}

function NewQuestion({ catalogue }: { catalogue?: Catalogue }) {
  const qc = useQueryClient();
  const [v, setV] = useState({ code: '', construct: '', wording: '', scaleId: 'agree5', audiences: ['staff'] as string[] });
  const create = useMutation({
    mutationFn: () => api('/api/surveys/questions', { method: 'POST', body: v }),
    onSuccess: () => {
      setV({ code: '', construct: '', wording: '', scaleId: 'agree5', audiences: ['staff'] });
      void qc.invalidateQueries({ queryKey: ['surveys'] });
    },
  });
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Add a canonical question
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Code"
          placeholder="PRINTING"
          value={v.code}
          onChange={(e) => setV({ ...v, code: e.currentTarget.value })}
        />
        <TextInput
          label="Construct"
          placeholder="Printing"
          value={v.construct}
          onChange={(e) => setV({ ...v, construct: e.currentTarget.value })}
        />
        <TextInput label="Wording" value={v.wording} onChange={(e) => setV({ ...v, wording: e.currentTarget.value })} />
        <Select
          label="Scale"
          data={(catalogue?.scales ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={v.scaleId}
          onChange={(x) => x && setV({ ...v, scaleId: x })}
        />
        <MultiSelect
          label="Audiences"
          data={[
            { value: 'staff', label: 'Staff' },
            { value: 'senior', label: 'Senior pupils' },
            { value: 'prep', label: 'Prep pupils' },
          ]}
          value={v.audiences}
          onChange={(x) => setV({ ...v, audiences: x })}
        />
      </SimpleGrid>
      {create.error && <Text c="red">{errorMessage(create.error)}</Text>}
      <Button mt="sm" onClick={() => create.mutate()} loading={create.isPending}>
        Add
      </Button>
    </Card>
  );
}
