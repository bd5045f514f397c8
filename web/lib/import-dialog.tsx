import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  Modal,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconCheck, IconFileImport } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, api, errorMessage, type RowProblem } from './api.ts';
import { fieldLabel, plural } from './format.ts';
import { uploadFile } from './upload.ts';

/**
 * The upload dialog every importer shares: choose the file, map its columns (CSV importers with
 * fields), check it (a dry run: counts and every bad row with its line), then import, with
 * upload and processing progress. Nothing is saved until "Import" and an import is all-or-nothing.
 */

type Summary = {
  rowsIn: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: RowProblem[];
  notes?: string[];
  dryRun: boolean;
};
type Job = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  done: number;
  total: number | null;
  message: string | null;
  result: Summary | null;
  error: string | null;
  errorDetails: { problems?: RowProblem[]; count?: number } | null;
};
type Preview = { headers: string[]; sample: string[][]; rows: number; suggested: Record<string, string> };

export type ImportDialogProps = {
  kind: string;
  title: string;
  opened: boolean;
  onClose: () => void;
  accept?: string;
  /** Mappable fields: show the mapping step. */
  fields?: string[];
  fieldLabels?: Record<string, string>;
  /** Importer-specific options (e.g. people: staff or pupils). */
  extra?: Record<string, unknown>;
  extraControls?: ReactNode;
  /** Query keys to refresh after a successful import. */
  invalidates?: string[][];
};

async function waitForJob(id: string, onUpdate: (job: Job) => void): Promise<Job> {
  for (;;) {
    const job = await api<Job>(`/api/jobs/${id}`);
    onUpdate(job);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 400));
  }
}

export function ProblemsTable({ problems, total }: { problems: RowProblem[]; total?: number }) {
  if (problems.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {total ?? problems.length} problem{(total ?? problems.length) === 1 ? '' : 's'}
      </Text>
      <ScrollArea.Autosize mah={220}>
        <Table fz="xs" striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Column</Table.Th>
              <Table.Th>Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((p) => (
              <Table.Tr key={`${p.line}|${p.field}|${p.message}`}>
                <Table.Td>{p.line}</Table.Td>
                <Table.Td>{p.field ?? ''}</Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function SummaryView({ s }: { s: Summary }) {
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge color="green" variant="light">
          {s.created.toLocaleString('en-GB')} new
        </Badge>
        <Badge color="blue" variant="light">
          {s.updated.toLocaleString('en-GB')} changed
        </Badge>
        <Badge color="gray" variant="light">
          {s.unchanged.toLocaleString('en-GB')} unchanged
        </Badge>
        {s.rejected > 0 && (
          <Badge color="red" variant="light">
            {s.rejected.toLocaleString('en-GB')} rejected
          </Badge>
        )}
      </Group>
      {(s.notes ?? []).map((n) => (
        <Text key={n} size="sm" c="dimmed">
          {n}
        </Text>
      ))}
      <ProblemsTable problems={s.problems} />
    </Stack>
  );
}

export function ImportDialog(props: ImportDialogProps) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [dateOrder, setDateOrder] = useState<string | null>(null);
  const importers = useQuery({
    queryKey: ['imports'],
    queryFn: () =>
      api<{ importers: { kind: string; readsDates: boolean }[]; schoolDateOrder: 'dmy' | 'mdy' | null }>('/api/imports'),
    enabled: props.opened,
  });
  const readsDates = importers.data?.importers.find((i) => i.kind === props.kind)?.readsDates ?? false;
  const schoolOrder = importers.data?.schoolDateOrder ?? null;
  const [upload, setUpload] = useState<number | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [checked, setChecked] = useState<Summary | null>(null);
  const [done, setDone] = useState<Summary | null>(null);
  const [error, setError] = useState<{ message: string; problems: RowProblem[]; count?: number } | null>(null);
  const busy = upload !== null || job?.status === 'running';

  useEffect(() => {
    if (!props.opened) {
      setFile(null);
      setPreview(null);
      setChecked(null);
      setDone(null);
      setError(null);
      setJob(null);
    }
  }, [props.opened]);

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setChecked(null);
    setDone(null);
    setError(null);
    if (!f || !props.fields) return;
    try {
      const p = await uploadFile<Preview>(`/api/imports/${props.kind}/preview`, f, () => {});
      setPreview(p);
      setMapping(p.suggested);
    } catch (err) {
      setError({ message: errorMessage(err), problems: err instanceof ApiError ? err.problems : [] });
    }
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    const q = new URLSearchParams({ dryRun: String(dryRun), skipInvalid: String(skipInvalid) });
    if (props.fields) q.set('mapping', JSON.stringify(mapping));
    if (readsDates && dateOrder) q.set('dateOrder', dateOrder);
    if (props.extra) q.set('extra', JSON.stringify(props.extra));
    try {
      setUpload(0);
      const { job: started } = await uploadFile<{ job: Job }>(`/api/imports/${props.kind}?${q}`, file, setUpload);
      setUpload(null);
      const finished = await waitForJob(started.id, setJob);
      if (finished.status === 'failed') {
        setError({
          message: finished.error ?? 'The import failed',
          problems: finished.errorDetails?.problems ?? [],
          count: finished.errorDetails?.count,
        });
        return;
      }
      if (dryRun) setChecked(finished.result);
      else {
        setDone(finished.result);
        for (const key of props.invalidates ?? []) void qc.invalidateQueries({ queryKey: key });
      }
    } catch (err) {
      setUpload(null);
      setError({ message: errorMessage(err), problems: err instanceof ApiError ? err.problems : [] });
    }
  };

  const pct = job?.total ? Math.round((job.done / job.total) * 100) : undefined;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="lg" closeOnClickOutside={!busy}>
      <Stack>
        <FileInput
          label="File"
          placeholder="Choose a file"
          accept={props.accept}
          value={file}
          onChange={choose}
          leftSection={<IconFileImport size={16} />}
          clearable
          disabled={busy}
        />
        {props.extraControls}
        {preview && props.fields && (
          <Stack gap="xs">
            <Text size="sm">
              {plural(preview.rows, 'row')}. Match each field to a column of the file; unmatched columns are not stored.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {props.fields.map((f) => (
                <Select
                  key={f}
                  size="xs"
                  label={props.fieldLabels?.[f] ?? fieldLabel(f)}
                  data={preview.headers}
                  value={mapping[f] ?? null}
                  clearable
                  onChange={(v) =>
                    setMapping((m) => {
                      const next = { ...m };
                      if (v) next[f] = v;
                      else delete next[f];
                      return next;
                    })
                  }
                />
              ))}
            </SimpleGrid>
          </Stack>
        )}
        {readsDates && (
          <Select
            label="Date order"
            description={`For dates like 03/10/2026. The file's own dates decide when they can (a number above 12 shows which is the day); this is for a file where they cannot. ${
              schoolOrder
                ? `The school's setting is ${schoolOrder === 'dmy' ? 'day/month' : 'month/day'} (Settings, imports.dateOrder).`
                : 'The school has not set one (Settings, imports.dateOrder), so such a file is refused until you choose.'
            }`}
            data={[
              {
                value: '',
                label: schoolOrder
                  ? `The school's setting (${schoolOrder === 'dmy' ? 'day/month' : 'month/day'})`
                  : 'Ask me if the file cannot settle it',
              },
              { value: 'dmy', label: 'Day/month/year (UK: 03/10/2026 is 3 October)' },
              { value: 'mdy', label: 'Month/day/year (US: 10/03/2026 is 3 October)' },
            ]}
            value={dateOrder ?? ''}
            onChange={(v) => setDateOrder(v || null)}
            allowDeselect={false}
            disabled={busy}
          />
        )}
        <Checkbox
          label="Import the good rows and leave out the bad ones (otherwise one bad row stops the whole file)"
          checked={skipInvalid}
          onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
          disabled={busy}
        />
        {upload !== null && <Progress value={upload * 100} striped animated aria-label="Uploading" />}
        {job?.status === 'running' && (
          <Stack gap={4}>
            <Progress value={pct ?? 100} striped animated aria-label="Importing" />
            <Text size="xs" c="dimmed">
              {job.message ?? 'Working'}
              {job.total ? `: ${job.done.toLocaleString('en-GB')} of ${job.total.toLocaleString('en-GB')}` : ''}
            </Text>
          </Stack>
        )}
        {error && (
          <Alert color="red" title="Nothing was imported" role="alert">
            <Stack gap="xs">
              <Text size="sm">{error.message}</Text>
              <ProblemsTable problems={error.problems} total={error.count} />
            </Stack>
          </Alert>
        )}
        {checked && !done && (
          <Alert color="blue" title="Checked: nothing saved yet">
            <SummaryView s={checked} />
          </Alert>
        )}
        {done && (
          <Alert color="green" title="Imported" icon={<IconCheck size={18} />}>
            <SummaryView s={done} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} disabled={busy}>
            {done ? 'Close' : 'Cancel'}
          </Button>
          {!done && (
            <>
              <Button variant="light" onClick={() => run(true)} disabled={!file || busy}>
                Check
              </Button>
              <Button onClick={() => run(false)} disabled={!file || busy} loading={busy}>
                Import
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
