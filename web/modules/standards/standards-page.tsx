import { Accordion, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate, formatShortDay } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { RequirementDrawer } from './requirement-drawer.tsx';
import { type Catalogues, type FrameworkRow, RAG_COLOURS, type Rag, STATUS_WORDS, type Tracker } from './standards-types.ts';

/** A date-only 'YYYY-MM-DD' with its year: review dates can be next year. */
const dayWithYear = (d: string) => formatDate(`${d}T12:00:00Z`);

const RAG_WORDS: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

function RagBadge({ rag }: { rag: Rag | null }) {
  return rag ? (
    <Badge color={RAG_COLOURS[rag]} variant="filled" miw={72}>
      {RAG_WORDS[rag]}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" miw={72}>
      n/a
    </Badge>
  );
}

function Framework({ f, t, admin, open }: { f: FrameworkRow; t: Tracker; admin: boolean; open: (id: string) => void }) {
  const qc = useQueryClient();
  const info = t.frameworks.find((x) => x.key === f.key);
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['standards'] }),
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Card withBorder component="section" aria-label={f.title} data-framework={f.key}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Group gap="xs">
            <Title order={2} size="h4">
              {f.title}
            </Title>
            <Text size="sm" c="dimmed">
              {info?.builtIn ? `version ${f.version}` : `last changed ${formatShortDay(f.version)}`}
            </Text>
            {f.label && (
              <Badge color="grape" variant="light" h="auto" py={2} styles={{ label: { whiteSpace: 'normal' } }}>
                {f.label}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {f.met} of {f.applicable} standards met{info?.summary ? ` · ${info.summary}` : ''}
          </Text>
          {(info?.certificateExpiresOn || info?.nextAssessmentOn) && (
            <Text size="xs" c="dimmed">
              {info.certificateExpiresOn ? `Certificate expires ${formatShortDay(info.certificateExpiresOn)}. ` : ''}
              {info.nextAssessmentOn ? `Next assessment ${formatShortDay(info.nextAssessmentOn)}.` : ''}
            </Text>
          )}
        </div>
        <Stack gap={6} align="flex-end">
          {admin ? (
            <Switch
              label="In the termly report"
              checked={f.inReport}
              onChange={(e) => {
                const inReport = e.currentTarget.checked;
                change.mutate(() => api(`/api/standards/catalogues/${f.key}`, { method: 'PATCH', body: { inReport } }));
              }}
            />
          ) : (
            <Text size="xs" c="dimmed">
              {f.inReport ? 'In the termly report' : 'Not in the termly report'}
            </Text>
          )}
          {admin && info?.newerVersion && (
            <Button
              size="xs"
              variant="light"
              onClick={() =>
                change.mutate(() =>
                  api(`/api/standards/catalogues/${f.key}/upgrade`, { method: 'POST', body: { version: info.newerVersion } }),
                )
              }
            >
              Upgrade to {info.newerVersion}
            </Button>
          )}
        </Stack>
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Accordion multiple variant="separated" chevronPosition="left">
        {f.standards.map((s) => (
          <Accordion.Item key={s.id} value={s.id} data-standard={s.id}>
            {/* Named by what it shows (the RAG badge, the title, the counts), so speech matches the screen. */}
            <Accordion.Control>
              <Group gap="sm" wrap="nowrap">
                <RagBadge rag={s.rag} />
                <Text size="sm" fw={600}>
                  {s.title}
                </Text>
                {s.core && (
                  <Badge size="xs" variant="outline" style={{ flexShrink: 0, overflow: 'visible' }}>
                    core
                  </Badge>
                )}
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  {s.metCount} of {s.applicable} met{s.notAssessed ? ` · ${s.notAssessed} not assessed` : ''}
                  {s.overdue ? ` · ${s.overdue} review${s.overdue === 1 ? '' : 's'} overdue` : ''}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap={4}>
                {s.requirements.map((r) => (
                  <Button
                    key={r.id}
                    variant="subtle"
                    color="dark"
                    justify="flex-start"
                    h="auto"
                    py={6}
                    onClick={() => open(r.id)}
                    data-requirement-row={r.id}
                    styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <Badge
                        color={r.rag ? RAG_COLOURS[r.rag] : 'gray'}
                        variant="light"
                        miw={128}
                        style={{ flexShrink: 0, overflow: 'visible' }}
                      >
                        {STATUS_WORDS[r.status]}
                      </Badge>
                      <div>
                        <Text size="sm">{r.text}</Text>
                        <Text size="xs" c="dimmed">
                          {r.ownerName ?? 'No owner'} · {t.evidenceCount[r.id] ?? 0} evidence
                          {r.status === 'not_assessed'
                            ? ''
                            : r.status !== 'n_a' && r.review.overdue
                              ? ` · review overdue${r.review.due ? ` since ${dayWithYear(r.review.due)}` : ''}`
                              : r.review.due
                                ? ` · review by ${dayWithYear(r.review.due)}`
                                : ''}
                          {r.autoFail ? ' · automatic fail if not met' : ''}
                        </Text>
                      </div>
                    </Group>
                  </Button>
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}

function PendingReview({ t, admin }: { t: Tracker; admin: boolean }) {
  const qc = useQueryClient();
  const [to, setTo] = useState<Record<string, string | null>>({});
  const current = t.rollup.frameworks.flatMap((f) =>
    f.standards.flatMap((s) => s.requirements.map((r) => ({ value: r.id, label: `${s.title}: ${r.text.slice(0, 80)}` }))),
  );
  const resolve = useMutation({
    mutationFn: (body: { id: string; carryTo?: string | null }) =>
      api(`/api/standards/requirements/${encodeURIComponent(body.id)}/resolve`, {
        method: 'POST',
        body: { carryTo: body.carryTo ?? null },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['standards'] }),
  });
  if (!t.pendingReview.length) return null;
  return (
    <Card withBorder component="section" aria-label="Left without a successor">
      <Title order={2} size="h4">
        Left without a successor by an upgrade
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The new edition has no requirement these map to. Carry each one’s evidence and history to a current requirement, or
        dismiss it (its history is kept).
      </Text>
      <Stack>
        {t.pendingReview.map((p) => (
          <Stack key={p.id} gap={4} data-pending={p.id}>
            <Text size="sm">
              {p.text}{' '}
              <Text span size="xs" c="dimmed">
                (retired in {p.retiredIn}; {p.evidence} evidence)
              </Text>
            </Text>
            {admin && (
              <Group gap="xs" align="flex-end">
                <Select
                  placeholder="Carry to…"
                  data={current}
                  searchable
                  value={to[p.id] ?? null}
                  onChange={(v) => setTo({ ...to, [p.id]: v })}
                  w={360}
                  aria-label="Carry to"
                />
                <Button
                  size="xs"
                  variant="light"
                  disabled={!to[p.id]}
                  onClick={() => resolve.mutate({ id: p.id, carryTo: to[p.id] })}
                >
                  Carry
                </Button>
                <Button size="xs" variant="subtle" color="gray" onClick={() => resolve.mutate({ id: p.id })}>
                  Dismiss
                </Button>
              </Group>
            )}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

function Adopt({ t }: { t: Tracker }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['standards', 'catalogues'], queryFn: () => api<Catalogues>('/api/standards/catalogues') });
  const adopt = useMutation({
    mutationFn: (key: string) => api(`/api/standards/catalogues/${key}/adopt`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['standards'] }),
  });
  const left = (query.data?.builtIn ?? []).filter((c) => !c.adopted && !t.frameworks.some((f) => f.key === c.key));
  if (!left.length) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        Track another catalogue
      </Title>
      <Stack gap="xs">
        {left.map((c) => (
          <Group key={c.key} justify="space-between">
            <Text size="sm">
              {c.title} {c.latest}
              {c.label ? ` (${c.label})` : ''}: {c.summary}
            </Text>
            <Button size="xs" variant="light" onClick={() => adopt.mutate(c.key)}>
              Track it
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** The standards tracker: the DfE standards with the core six, Cyber Essentials, the RPA benchmark and the school's own. */
export function StandardsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const query = useQuery({
    queryKey: ['standards'],
    queryFn: () => api<Tracker>('/api/standards'),
    enabled: hasRole(me.data, ['admin', 'it', 'slt']),
  });
  if (me.data && !hasRole(me.data, ['admin', 'it', 'slt'])) return <NoAccess />;
  const admin = hasRole(me.data, ['admin']);
  const open = params.get('requirement');
  return (
    <>
      <PageTitle title="Standards">
        Where the school stands against the DfE digital and technology standards, Cyber Essentials and the insurer’s conditions:
        each requirement’s status, owner, evidence and review. Overdue reviews turn amber, then red.
      </PageTitle>
      <QueryView query={query}>
        {(t) => (
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Card withBorder data-rollup="core">
                <Text size="xs" c="dimmed">
                  Core DfE standards
                </Text>
                <Text size="xl" fw={700}>
                  {t.rollup.core.met} of {t.rollup.core.total} met
                </Text>
              </Card>
              <Card withBorder>
                <Text size="xs" c="dimmed">
                  Reviews overdue
                </Text>
                <Text size="xl" fw={700}>
                  {t.rollup.overdue.filter((o) => o.rag === 'red').length} red,{' '}
                  {t.rollup.overdue.filter((o) => o.rag === 'amber').length} amber
                </Text>
              </Card>
              <Card withBorder>
                <Text size="xs" c="dimmed">
                  Actions due this term
                </Text>
                <Text size="xl" fw={700}>
                  {t.actionsDueThisTerm.length}
                </Text>
                {t.actionsDueThisTerm.slice(0, 3).map((a) => (
                  <Text key={a.id} size="xs" c="dimmed">
                    {a.dueOn ? formatShortDay(a.dueOn) : ''} {a.text}
                  </Text>
                ))}
              </Card>
            </SimpleGrid>
            {hasRole(me.data, ['admin', 'it']) && <PendingReview t={t} admin={admin} />}
            {t.rollup.frameworks.length === 0 && <Text c="dimmed">No catalogue tracked yet.</Text>}
            {t.rollup.frameworks.map((f) => (
              <Framework key={f.key} f={f} t={t} admin={admin} open={(id) => setParams({ requirement: id })} />
            ))}
            {admin && <Adopt t={t} />}
          </Stack>
        )}
      </QueryView>
      {open && <RequirementDrawer id={open} editable={admin} onClose={() => setParams({})} />}
    </>
  );
}
