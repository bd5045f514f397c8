import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { plural } from '../../lib/format.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { uploadFile } from '../../lib/upload.ts';
import type { Catalogue, InstrumentSummary, Question } from './types.ts';

/**
 * The history import wizard: choose (or create) the year's survey, upload its export to see what
 * it holds, map every column (to a question with its scale, the group question, or ignore) and
 * save that mapping; then check and import with the shared upload dialog. Nothing is stored
 * before "Import", and a column left unmapped stops the import with its name.
 */

type Column = {
  header: string;
  use: 'scale' | 'choice' | 'multi' | 'text' | 'segment' | 'ignore';
  scaleId?: string;
  options?: { code: string; label: string }[];
  labels?: Record<string, number | string>;
  questionId?: string | null;
  comparability?: string | null;
};
type Preview = {
  format: string;
  container: string;
  rows: number;
  metaColumns: { header: string; role: string; stored: boolean }[];
  columns: {
    header: string;
    answered: number;
    blank: number;
    values: { value: string; count: number }[] | null;
    suggested: Column;
    known: boolean;
  }[];
  instruments: { code: string; matched: number; unaccounted: string[] }[];
};

export function ImportTab() {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['surveys', 'instruments'],
    queryFn: () => api<{ instruments: InstrumentSummary[] }>('/api/surveys/instruments'),
  });
  const catalogue = useQuery({ queryKey: ['surveys', 'catalogue'], queryFn: () => api<Catalogue>('/api/surveys/catalogue') });
  const questions = useQuery({
    queryKey: ['surveys', 'questions'],
    queryFn: () => api<{ questions: Question[] }>('/api/surveys/questions'),
  });
  const [code, setCode] = useState<string | null>(null);
  const [audience, setAudience] = useState<string | null>('staff');
  const [year, setYear] = useState<number>(new Date().getFullYear() - 1);
  const [source, setSource] = useState<string | null>('msforms');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [columns, setColumns] = useState<Column[]>([]);
  const [timezone] = useState('Europe/London');
  const [locale, setLocale] = useState<string | null>('en-GB');
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const imported = (list.data?.instruments ?? []).filter((i) => i.source !== 'belfry');
  const create = useMutation({
    mutationFn: () => api<{ code: string }>('/api/surveys/instruments', { method: 'POST', body: { audience, year, source } }),
    onSuccess: (r) => {
      setCode(r.code);
      void qc.invalidateQueries({ queryKey: ['surveys'] });
    },
  });
  const save = useMutation({
    mutationFn: () => api(`/api/surveys/instruments/${code}/manifest`, { method: 'PUT', body: { timezone, locale, columns } }),
    onSuccess: () => setImporting(true),
  });
  const choose = async (f: File | null) => {
    setPreview(null);
    setError(null);
    if (!f || !code) return;
    try {
      const p = await uploadFile<Preview>(`/api/surveys/import/preview?instrument=${encodeURIComponent(code)}`, f, () => {});
      setPreview(p);
      setColumns(p.columns.map((c) => c.suggested));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const set = (i: number, change: Partial<Column>) => setColumns((cs) => cs.map((c, k) => (k === i ? { ...c, ...change } : c)));
  const scales = (catalogue.data?.scales ?? []).map((s) => ({ value: s.id, label: s.name }));
  const comparability = (catalogue.data?.comparability ?? []).map((c) => ({ value: c.id, label: c.label }));
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          1. Which survey is the file?
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Select
            label="An existing survey"
            placeholder="Choose"
            data={imported.map((i) => ({ value: i.code, label: `${i.title} (${i.code})` }))}
            value={code}
            onChange={setCode}
            w={320}
          />
          <Text c="dimmed">or a new one:</Text>
          <Select label="Audience" data={['staff', 'senior', 'prep']} value={audience} onChange={setAudience} w={110} />
          <NumberInput label="Year" value={year} onChange={(v) => setYear(Number(v))} w={100} />
          <Select
            label="Exported from"
            data={[
              { value: 'msforms', label: 'Microsoft Forms' },
              { value: 'google', label: 'Google Forms' },
            ]}
            value={source}
            onChange={setSource}
            w={170}
          />
          <Button variant="default" onClick={() => create.mutate()} loading={create.isPending}>
            Create
          </Button>
        </Group>
        {create.error && <Text c="red">{errorMessage(create.error)}</Text>}
      </Card>
      {code && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            2. The export file ({code})
          </Title>
          <FileInput
            label="Microsoft Forms .xlsx or CSV, Google Forms CSV"
            accept=".xlsx,.csv"
            leftSection={<IconFileImport size={16} />}
            onChange={choose}
            clearable
          />
          {error && (
            <Alert color="red" mt="sm">
              {error}
            </Alert>
          )}
        </Card>
      )}
      {preview && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            3. Map every column ({preview.format}, {plural(preview.rows, 'response')})
          </Title>
          <Text size="sm" mb="xs">
            Found and handled: {preview.metaColumns.map((m) => `${m.header}${m.stored ? '' : ' (not stored)'}`).join(', ')}.
          </Text>
          <Group mb="xs">
            <Select
              label="Dates in the file are"
              data={[
                { value: 'en-GB', label: 'day/month/year (UK)' },
                { value: 'en-US', label: 'month/day/year (US)' },
              ]}
              value={locale}
              onChange={setLocale}
              w={240}
            />
          </Group>
          <ScrollArea type="auto">
            <Table fz="xs" withTableBorder miw={900}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Answers in the file</Table.Th>
                  <Table.Th>Is</Table.Th>
                  <Table.Th>Scale or options</Table.Th>
                  <Table.Th>Measures</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.columns.map((c, i) => {
                  const col = columns[i] as Column;
                  return (
                    <Table.Tr key={c.header}>
                      <Table.Td maw={260}>
                        {c.header} {c.known && <Badge size="xs">saved</Badge>}
                      </Table.Td>
                      <Table.Td maw={260}>
                        {c.values
                          ? c.values
                              .slice(0, 6)
                              .map((v) => `${v.value} (${v.count})`)
                              .join(', ')
                          : `${c.answered} answer${c.answered === 1 ? '' : 's'} (text not shown)`}
                      </Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={`What ${c.header} is`}
                          value={col.use}
                          onChange={(v) => v && set(i, { use: v as Column['use'] })}
                          data={[
                            { value: 'scale', label: 'Scale question' },
                            { value: 'choice', label: 'One choice' },
                            { value: 'multi', label: 'Several choices' },
                            { value: 'text', label: 'Free text' },
                            { value: 'segment', label: 'Which group' },
                            { value: 'ignore', label: 'Ignore' },
                          ]}
                        />
                      </Table.Td>
                      <Table.Td>
                        {col.use === 'scale' && (
                          <Select
                            size="xs"
                            aria-label="Scale"
                            data={scales}
                            value={col.scaleId ?? null}
                            onChange={(v) => set(i, { scaleId: v ?? undefined })}
                          />
                        )}
                        {(col.use === 'choice' || col.use === 'multi') && (
                          <Text size="xs">{(col.options ?? []).map((o) => o.label).join(' | ')}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {col.use === 'scale' && (
                          <Group gap={4} wrap="nowrap">
                            <Select
                              size="xs"
                              clearable
                              placeholder="Canonical question"
                              data={(questions.data?.questions ?? []).map((q) => ({ value: q.id, label: q.code }))}
                              value={col.questionId ?? null}
                              onChange={(v) =>
                                set(i, { questionId: v, comparability: v ? (col.comparability ?? 'identical') : null })
                              }
                            />
                            {col.questionId && (
                              <Select
                                size="xs"
                                data={comparability}
                                value={col.comparability ?? 'identical'}
                                onChange={(v) => set(i, { comparability: v })}
                              />
                            )}
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {save.error && (
            <Alert color="red" mt="sm">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end" mt="sm">
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              Save the mapping, then check and import
            </Button>
          </Group>
        </Card>
      )}
      {code && (
        <ImportDialog
          kind="survey-responses"
          title={`Import ${code}`}
          opened={importing}
          onClose={() => setImporting(false)}
          accept=".xlsx,.csv"
          extra={{ instrument: code }}
          invalidates={[['surveys']]}
        />
      )}
    </Stack>
  );
}
