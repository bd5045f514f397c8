import { Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';

type Setting = { key: string; description: string; value: unknown; isDefault: boolean };

const toText = (v: unknown) =>
  Array.isArray(v) ? v.join(', ') : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);

/** Turns the edited text back into the kind of value the setting held. */
function fromText(text: string, like: unknown): unknown {
  if (typeof like === 'number') return Number(text);
  if (Array.isArray(like))
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof like === 'string') return text;
  return JSON.parse(text);
}

function SettingRow({ setting }: { setting: Setting }) {
  const qc = useQueryClient();
  const [text, setText] = useState(toText(setting.value));
  const save = useMutation({
    mutationFn: (value: unknown) => api(`/api/settings/${encodeURIComponent(setting.key)}`, { method: 'PUT', body: { value } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Saved ${setting.key}` });
      void qc.invalidateQueries({ queryKey: ['settings'] });
      void qc.invalidateQueries({ queryKey: ['branding'] });
    },
    onError: (err) => notifications.show({ color: 'red', title: `Not saved: ${setting.key}`, message: errorMessage(err) }),
  });
  const reset = useMutation({
    mutationFn: () => api<Setting>(`/api/settings/${encodeURIComponent(setting.key)}`, { method: 'DELETE' }),
    onSuccess: (s) => {
      setText(toText(s.value));
      void qc.invalidateQueries({ queryKey: ['settings'] });
    },
  });
  if (typeof setting.value === 'boolean') {
    return (
      <Switch
        label={setting.key}
        description={setting.description}
        checked={setting.value}
        onChange={(e) => save.mutate(e.currentTarget.checked)}
      />
    );
  }
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput
        style={{ flex: 1 }}
        label={setting.key}
        description={setting.description}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={
          setting.isDefault ? (
            <Text size="xs" c="dimmed" pr={40}>
              default
            </Text>
          ) : null
        }
        rightSectionWidth={80}
      />
      <Button
        variant="light"
        loading={save.isPending}
        disabled={text === toText(setting.value)}
        onClick={() => {
          try {
            save.mutate(fromText(text, setting.value));
          } catch (err) {
            notifications.show({ color: 'red', message: errorMessage(err) });
          }
        }}
      >
        Save
      </Button>
      {!setting.isDefault && (
        <Button variant="subtle" color="gray" onClick={() => reset.mutate()} loading={reset.isPending}>
          Reset
        </Button>
      )}
    </Group>
  );
}

export function GeneralTab() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<{ settings: Setting[] }>('/api/settings') });
  return (
    <QueryView query={settings}>
      {({ settings: all }) => (
        <Paper withBorder p="lg">
          <Stack gap="lg">
            {all.map((s) => (
              <SettingRow key={`${s.key}:${JSON.stringify(s.value)}`} setting={s} />
            ))}
          </Stack>
        </Paper>
      )}
    </QueryView>
  );
}
