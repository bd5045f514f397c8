import {
  Alert,
  Button,
  Center,
  Container,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconCheck, IconVolume } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { Loading } from '../../lib/ui.tsx';
import { Choice, FACES, speak } from './respond-choice.tsx';

/**
 * The response page, signed out: one question at a time, in large type with large tap targets
 * for phones and tablets, a "Read aloud" button for a teacher or pupil, smiley faces for Years
 * 3-4. A submission carries a key kept for this visit, so pressing Send twice, or again after a
 * dropped connection, stores one response. Nothing identifies the person answering.
 */

type Point = { code: number; label: string; face?: string };
type PublicItem = {
  id: string;
  kind: 'scale' | 'choice' | 'multi' | 'text';
  wording: string;
  scale: { id: string; points: Point[]; pictorial: boolean } | null;
  options: { code: string; label: string }[];
  allowNotUsed: boolean;
};
type PublicSurvey = {
  state: 'open' | 'not_open' | 'closed' | 'used';
  title: string;
  opensAt: string | null;
  closesAt: string | null;
  survey: {
    intro: string;
    segmentQuestion: string;
    segments: { code: string; label: string }[];
    smileySegments: string[];
    smileyScale: { id: string; points: Point[]; pictorial: boolean };
    notUsedLabel: string;
    items: PublicItem[];
  } | null;
};
type Answer = { code?: number; notUsed?: true; options?: string[]; text?: string };

const BIG = { size: 'xl', radius: 'lg', h: 'auto', mih: 64, py: 'md' } as const;

function newKey(token: string): string {
  const k = `belfry-survey-${token}`;
  const existing = sessionStorage.getItem(k);
  if (existing) return existing;
  const key = crypto.randomUUID();
  sessionStorage.setItem(k, key);
  return key;
}

export function RespondPage() {
  const { token = '' } = useParams();
  const survey = useQuery({
    queryKey: ['public-survey', token],
    queryFn: () => api<PublicSurvey>(`/api/public/surveys/${token}`),
    retry: false,
  });
  const [step, setStep] = useState(-1);
  const [segment, setSegment] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [done, setDone] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      api<{ stored: boolean }>(`/api/public/surveys/${token}/responses`, {
        method: 'POST',
        body: { key: newKey(token), segment, answers: Object.entries(answers).map(([itemId, a]) => ({ itemId, ...a })) },
      }),
    onSuccess: () => {
      sessionStorage.removeItem(`belfry-survey-${token}`);
      setDone(true);
    },
  });
  const s = survey.data?.survey;
  const young = !!s && !!segment && s.smileySegments.includes(segment);
  const items = s?.items ?? [];
  const total = items.length + 1;
  const item = step >= 1 ? items[step - 1] : undefined;
  const points = useMemo(
    () => (item?.kind === 'scale' ? (young && s ? s.smileyScale.points : (item.scale?.points ?? [])) : []),
    [item, young, s],
  );

  if (survey.isLoading) return <Loading label="Loading the survey" />;
  if (survey.error || !survey.data)
    return (
      <Container size="xs" py="xl">
        <Alert color="red" title="This link does not work">
          {errorMessage(survey.error)}
        </Alert>
      </Container>
    );
  const d = survey.data;
  if (d.state !== 'open' || !s)
    return (
      <Container size="xs" py="xl">
        <Title order={1} size="h2" mb="md">
          {d.title}
        </Title>
        <Alert
          color="gray"
          title={d.state === 'used' ? 'Thank you' : d.state === 'closed' ? 'This survey has closed' : 'Not open yet'}
        >
          {d.state === 'used'
            ? 'This link has already been used to answer.'
            : d.state === 'closed'
              ? `It closed on ${d.closesAt ? formatDate(d.closesAt) : 'its closing date'}.`
              : `It opens on ${d.opensAt ? formatDate(d.opensAt) : 'a date to be set'}.`}
        </Alert>
      </Container>
    );
  if (done)
    return (
      <Center mih="80vh" p="md">
        <Stack align="center" maw={480}>
          <IconCheck size={64} color="green" />
          <Title order={1} size="h2" ta="center">
            Thank you!
          </Title>
          <Text size="lg" ta="center">
            Your answers have been sent.
          </Text>
          <Button variant="default" {...BIG} onClick={() => window.location.reload()}>
            Start again for the next person
          </Button>
        </Stack>
      </Center>
    );
  const set = (a: Answer) => item && setAnswers((x) => ({ ...x, [item.id]: a }));
  const current = item ? answers[item.id] : undefined;
  const selected = (code: number) => current?.code === code;
  const readAloud = () => {
    if (step === 0) speak(`${s.segmentQuestion} ${s.segments.map((g) => g.label).join(', ')}`);
    else if (item)
      speak(
        `${item.wording}. ${item.kind === 'scale' ? points.map((p) => p.label).join(', ') : item.options.map((o) => o.label).join(', ')}${item.allowNotUsed ? `, ${s.notUsedLabel}` : ''}`,
      );
  };
  return (
    <Container size="sm" py="md" px="md">
      <Stack gap="lg">
        <Title order={1} size="h3">
          {d.title}
        </Title>
        {step === -1 ? (
          <Paper withBorder p="lg" radius="lg">
            <Stack>
              <Text size="lg">{s.intro}</Text>
              <Button {...BIG} onClick={() => setStep(0)}>
                Start
              </Button>
            </Stack>
          </Paper>
        ) : (
          <>
            <Progress value={(step / total) * 100} size="lg" aria-label={`Question ${step + 1} of ${total}`} />
            <Group justify="space-between">
              <Text c="dimmed">
                Question {step + 1} of {total}
              </Text>
              <Button variant="subtle" leftSection={<IconVolume size={20} />} onClick={readAloud}>
                Read aloud
              </Button>
            </Group>
            <Title order={2} size="h2" style={{ lineHeight: 1.3 }}>
              {step === 0 ? s.segmentQuestion : item?.wording}
            </Title>
            {step === 0 && (
              <SimpleGrid cols={{ base: 2, sm: 3 }}>
                {s.segments.map((g) => (
                  <Choice key={g.code} label={g.label} selected={segment === g.code} onClick={() => setSegment(g.code)}>
                    {g.label}
                  </Choice>
                ))}
              </SimpleGrid>
            )}
            {item?.kind === 'scale' && (
              <SimpleGrid cols={{ base: young ? 3 : 1, sm: young ? 3 : points.length }} spacing="sm">
                {(young ? [...points].reverse() : points).map((p) => (
                  <Choice
                    key={p.code}
                    compact={young}
                    label={p.label}
                    selected={current?.code === p.code}
                    onClick={() => set({ code: p.code })}
                  >
                    <Stack gap={4} align="center">
                      {young &&
                        FACES[p.code] &&
                        (() => {
                          const f = FACES[p.code] as (typeof FACES)[number];
                          return (
                            <f.Icon
                              size={52}
                              stroke={1.6}
                              color={selected(p.code) ? 'white' : f.colour}
                              aria-hidden
                              data-face={p.code}
                            />
                          );
                        })()}
                      <Text span inherit>
                        {p.label}
                      </Text>
                    </Stack>
                  </Choice>
                ))}
              </SimpleGrid>
            )}
            {(item?.kind === 'choice' || item?.kind === 'multi') && (
              <Stack gap="sm">
                {item.kind === 'multi' && <Text c="dimmed">Choose all that apply.</Text>}
                {item.options.map((o) => {
                  const chosen = current?.options?.includes(o.code) ?? false;
                  const toggle = () =>
                    set({
                      options:
                        item.kind === 'choice'
                          ? [o.code]
                          : chosen
                            ? (current?.options ?? []).filter((c) => c !== o.code)
                            : [...(current?.options ?? []), o.code],
                    });
                  return (
                    <Choice key={o.code} label={o.label} selected={chosen} onClick={toggle}>
                      {o.label}
                    </Choice>
                  );
                })}
              </Stack>
            )}
            {item?.kind === 'text' && (
              <Textarea
                size="lg"
                autosize
                minRows={4}
                maxLength={2000}
                aria-label={item.wording}
                value={current?.text ?? ''}
                onChange={(e) => set({ text: e.currentTarget.value })}
                description="Please do not write anyone's name. If you write something that makes us think someone is at risk, the school will act on it."
              />
            )}
            {item?.allowNotUsed && (
              <Choice label={s.notUsedLabel} selected={!!current?.notUsed} onClick={() => set({ notUsed: true })}>
                {s.notUsedLabel}
              </Choice>
            )}
            {submit.error && (
              <Alert color="red" title="Not sent yet">
                {errorMessage(submit.error)} Your answers are still here: try Send again.
              </Alert>
            )}
            <Group grow>
              <Button {...BIG} variant="default" onClick={() => setStep((x) => x - 1)} disabled={step === 0}>
                Back
              </Button>
              {step < total - 1 ? (
                <Button {...BIG} onClick={() => setStep((x) => x + 1)} disabled={step === 0 && !segment}>
                  Next
                </Button>
              ) : (
                <Button {...BIG} color="green" loading={submit.isPending} onClick={() => submit.mutate()}>
                  Send my answers
                </Button>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              You can skip any question. Closes {d.closesAt ? formatDate(d.closesAt) : ''}.
            </Text>
          </>
        )}
      </Stack>
    </Container>
  );
}
