import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { useMailStatus } from '../../lib/mail.tsx';
import { QueryView } from '../../lib/ui.tsx';
import { type Control, ControlInput, listProblem } from './setting-control.tsx';

type Setting = {
  key: string;
  label: string;
  group: string;
  description: string;
  control: Control;
  value: unknown;
  defaultValue: unknown;
  isDefault: boolean;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const anchorOf = (group: string) => group.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function SettingRow({ setting, canEdit }: { setting: Setting; canEdit: boolean }) {
  const qc = useQueryClient();
  const [value, setValue] = useState<unknown>(setting.value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(setting.value), [setting.value]);
  const done = () => {
    setError(null);
    void qc.invalidateQueries({ queryKey: ['settings'] });
    void qc.invalidateQueries({ queryKey: ['branding'] });
  };
  const save = useMutation({
    mutationFn: (v: unknown) =>
      api<Setting>(`/api/settings/${encodeURIComponent(setting.key)}`, { method: 'PUT', body: { value: v } }),
    onSuccess: done,
    // The server names the key and the entry: show only the part after the key, in place.
    onError: (err) => setError(errorMessage(err).replace(`${setting.key}: `, '')),
  });
  const reset = useMutation({
    mutationFn: () => api<Setting>(`/api/settings/${encodeURIComponent(setting.key)}`, { method: 'DELETE' }),
    onSuccess: (s) => {
      setValue(s.value);
      done();
    },
  });
  const c = setting.control;
  const local = c.kind === 'list' ? listProblem(c.item, Array.isArray(value) ? value.map(String) : []) : null;
  const dirty = !same(value, setting.value);
  const inline = c.kind === 'number' || c.kind === 'text' || c.kind === 'choice';
  return (
    <Stack gap={6} data-setting={setting.key}>
      <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={500} size="sm" id={`setting-${setting.key}`}>
            {setting.label}
          </Text>
          <Text size="xs" c="dimmed">
            {setting.description}
          </Text>
        </Stack>
        {setting.isDefault ? (
          <Badge variant="outline" color="gray" size="sm" style={{ flexShrink: 0 }}>
            Default
          </Badge>
        ) : (
          <Badge variant="light" size="sm" style={{ flexShrink: 0 }}>
            Changed
          </Badge>
        )}
      </Group>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }} aria-labelledby={`setting-${setting.key}`}>
        <Group gap="xs" align="flex-start">
          <ControlInput
            control={c}
            value={value}
            label={setting.label}
            error={inline ? error : undefined}
            onChange={(v) => {
              setValue(v);
              setError(null);
              if (c.kind === 'switch') save.mutate(v);
            }}
          />
          {canEdit && c.kind !== 'switch' && (
            <Group gap="xs">
              <Button
                size="sm"
                variant="light"
                loading={save.isPending}
                disabled={!dirty || !!local}
                onClick={() => save.mutate(value)}
              >
                Save
              </Button>
              {dirty && (
                <Button size="sm" variant="subtle" color="gray" onClick={() => setValue(setting.value)}>
                  Undo
                </Button>
              )}
              {!setting.isDefault && !dirty && (
                <Button size="sm" variant="subtle" color="gray" onClick={() => reset.mutate()} loading={reset.isPending}>
                  Back to the default
                </Button>
              )}
            </Group>
          )}
        </Group>
      </fieldset>
      {error && !inline && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Mail is server configuration: say whether it is set up and what to do, without configuration names. */
function MailSection() {
  const mail = useMailStatus();
  if (!mail.data) return null;
  return (
    <Paper withBorder p="lg" id="mail">
      <Title order={2} size="h4" mb="xs">
        Mail
      </Title>
      {mail.data.outgoing ? (
        <Text size="sm">
          Belfry sends mail{mail.data.from ? ` as ${mail.data.from}` : ''}: agendas, briefings, help desk replies and survey
          links.
        </Text>
      ) : (
        <Stack gap={4} data-testid="mail-off">
          <Text size="sm" fw={500}>
            Mail is not set up, so Belfry cannot email anything yet.
          </Text>
          <Text size="sm">
            Outgoing mail is part of the server's configuration, set where Belfry is started (not on this page): the school's mail
            server, a login for it if it needs one, and the address mail comes from. Whoever runs the Belfry server sets it, using
            the “Configuration” section of Belfry's README, then restarts Belfry. Until then, agendas, briefings and replies stay
            in Belfry to read, download or print.
          </Text>
        </Stack>
      )}
      {mail.data.helpdeskInbound === false && (
        <Text size="sm" c="dimmed" mt="xs">
          Help desk mail in is not set up either: tickets are raised on the help portal only.
        </Text>
      )}
    </Paper>
  );
}

export function GeneralTab({ canEdit = true }: { canEdit?: boolean }) {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<{ settings: Setting[] }>('/api/settings') });
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const all = settings.data?.settings;
  const groups = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hit = (s: Setting) => {
      const text = `${s.label} ${s.description} ${s.group} ${s.key}`.toLowerCase();
      return words.every((w) => text.includes(w));
    };
    const out = new Map<string, Setting[]>();
    for (const s of all ?? []) if (hit(s)) out.set(s.group, [...(out.get(s.group) ?? []), s]);
    return [...out.entries()];
  }, [all, q]);
  useEffect(() => {
    if (window.location.hash && all) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [all]);
  return (
    <Stack>
      <MailSection />
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder="Search the settings, e.g. retention, MFA, reviewers"
        aria-label="Search the settings"
        value={q}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setParams(v ? { q: v } : {}, { replace: true });
        }}
        maw={480}
      />
      <QueryView query={settings}>
        {() =>
          groups.length === 0 ? (
            <Text c="dimmed">No setting matches “{q}”.</Text>
          ) : (
            <>
              <Group gap="xs" wrap="wrap">
                {groups.map(([g, list]) => (
                  <Anchor key={g} href={`#${anchorOf(g)}`} size="sm">
                    {g} ({list.length})
                  </Anchor>
                ))}
              </Group>
              {groups.map(([group, list]) => (
                <Paper key={group} withBorder p="lg" id={anchorOf(group)}>
                  <Title order={2} size="h4" mb="md">
                    {group}
                  </Title>
                  <Stack gap="lg">
                    {list.map((s) => (
                      <SettingRow key={s.key} setting={s} canEdit={canEdit} />
                    ))}
                  </Stack>
                </Paper>
              ))}
            </>
          )
        }
      </QueryView>
    </Stack>
  );
}
