import { Badge, Button, Drawer, Group, Pagination, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles } from '../../lib/auth.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { type Interaction, OUTCOME_WORDS, type Person, STATUS_WORDS, type Taxonomy } from './types.ts';

const PAGE = 50;
const CLASS_COLOR: Record<string, string> = {
  human_confirmed: 'red',
  likely_human: 'orange',
  uncertain: 'yellow',
  automated: 'gray',
};
const OUTCOME_COLOR: Record<Person['outcome'], string> = {
  recognised: 'green',
  reported_after_click: 'teal',
  clicked: 'orange',
  submitted: 'red',
  no_action: 'gray',
  not_delivered: 'gray',
};
const KIND_WORDS: Record<string, string> = {
  open: 'Picture loaded',
  click: 'Link opened',
  beacon: 'Page used',
  submit: 'Typed on the sign-in page',
  report: 'Reported',
};

function Override({ i, onDone }: { i: Interaction; onDone: () => void }) {
  const tax = useQuery({ queryKey: ['phishing', 'taxonomy'], queryFn: () => api<Taxonomy>('/api/phishing/taxonomy') });
  const [cls, setCls] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api(`/api/phishing/interactions/${i.id}/override`, { method: 'POST', body: { classification: cls, reason } }),
    onSuccess: onDone,
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Stack gap="xs" mt="xs">
      <Select label="Change the class to" data={tax.data?.classes ?? []} value={cls} onChange={setCls} size="xs" />
      <Textarea
        label="Why (kept in the audit log)"
        size="xs"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Button size="xs" onClick={() => save.mutate()} loading={save.isPending} disabled={!cls}>
        Save the change
      </Button>
    </Stack>
  );
}

function Requests({ campaignId, person, onClose }: { campaignId: string; person: Person; onClose: () => void }) {
  const qc = useQueryClient();
  const [overriding, setOverriding] = useState<number | null>(null);
  const q = useQuery({
    queryKey: ['phishing', 'interactions', campaignId, person.id],
    queryFn: () =>
      api<{ interactions: Interaction[] }>(`/api/phishing/campaigns/${campaignId}/interactions?recipientId=${person.id}`),
  });
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={`What reached us for ${person.displayName}`}>
      <QueryView query={q}>
        {({ interactions }) =>
          interactions.length === 0 ? (
            <Text c="dimmed">Nothing yet: no picture loaded, no link opened, no report.</Text>
          ) : (
            <Stack>
              {interactions.map((i) => (
                <Stack
                  key={i.id}
                  gap={4}
                  p="sm"
                  style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
                >
                  <Group justify="space-between">
                    <Text fw={600}>
                      {KIND_WORDS[i.kind] ?? i.kind}
                      {i.late ? ' (after close: not counted)' : ''}
                    </Text>
                    <Badge color={CLASS_COLOR[i.classification]} variant="light">
                      {i.classLabel}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(i.at)}
                    {i.secondsAfterDelivery !== null
                      ? ` · ${i.secondsAfterDelivery < 120 ? `${Math.round(i.secondsAfterDelivery)} s` : `${Math.round(i.secondsAfterDelivery / 60)} min`} after delivery`
                      : ''}
                    {i.ipPrefix ? ` · from ${i.ipPrefix}` : ''}
                    {i.uaFamily ? ` · ${i.uaFamily}` : ''}
                  </Text>
                  <Text size="sm">{i.evidence.map((e) => e.label).join('; ')}</Text>
                  {i.overriddenBy && (
                    <Text size="xs" c="dimmed">
                      Changed by {i.overriddenBy}: {i.overrideReason}
                    </Text>
                  )}
                  <ForRoles roles={['admin']}>
                    {overriding === i.id ? (
                      <Override
                        i={i}
                        onDone={() => {
                          setOverriding(null);
                          void qc.invalidateQueries({ queryKey: ['phishing'] });
                        }}
                      />
                    ) : (
                      <Button size="compact-xs" variant="subtle" onClick={() => setOverriding(i.id)} w="fit-content">
                        Change the class
                      </Button>
                    )}
                  </ForRoles>
                </Stack>
              ))}
            </Stack>
          )
        }
      </QueryView>
    </Drawer>
  );
}

/** Per person: admin and IT only. Shown to help, never to blame; deleted after the retention period. */
export function CampaignPeople({ campaignId }: { campaignId: string }) {
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Person | null>(null);
  const q = useQuery({
    queryKey: ['phishing', 'people', campaignId, page],
    queryFn: () =>
      api<{ total: number; people: Person[] }>(
        `/api/phishing/campaigns/${campaignId}/people?limit=${PAGE}&offset=${(page - 1) * PAGE}`,
      ),
  });
  const report = useMutation({
    mutationFn: (id: string) => api(`/api/phishing/recipients/${id}/report`, { method: 'POST' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      notifications.show({ message: 'Recorded as reported' });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Stack>
      <Text fw={700}>People (Director and IT only)</Text>
      <QueryView query={q}>
        {({ total, people }) => (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Group</Table.Th>
                    <Table.Th>Lure</Table.Th>
                    <Table.Th>Delivery</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>Lesson</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.displayName}</Table.Td>
                      <Table.Td>{p.groupName}</Table.Td>
                      <Table.Td>{p.lureName}</Table.Td>
                      <Table.Td>{STATUS_WORDS[p.status] ?? p.status}</Table.Td>
                      <Table.Td>
                        <Badge color={OUTCOME_COLOR[p.outcome]} variant="light">
                          {OUTCOME_WORDS[p.outcome]}
                        </Badge>
                        {p.automated > 0 && (
                          <Text size="xs" c="dimmed">
                            {p.automated} machine request{p.automated === 1 ? '' : 's'} left out
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{p.training ? (p.training.completedAt ? 'Done' : 'Sent') : '–'}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(p)}>
                            Requests
                          </Button>
                          {!p.reportedAt && p.status === 'accepted' && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => report.mutate(p.id)}
                              aria-label={`Told IT: ${p.displayName} reported it`}
                            >
                              Told IT
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {total > PAGE && <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} />}
          </>
        )}
      </QueryView>
      {open && <Requests campaignId={campaignId} person={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
