import { Anchor, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';

type SetupItem = { id: string; label: string; done: boolean; detail: string; how: string; link?: string };

/** A hint's commands (written between backticks) shown as code. */
function WithCommands({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
          <Code key={i}>{part}</Code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The first-run checklist: what a real school still has to set up, each with how. */
export function SetupTab() {
  const q = useQuery({ queryKey: ['setup'], queryFn: () => api<{ items: SetupItem[]; missing: number }>('/api/setup') });
  return (
    <QueryView query={q}>
      {(data) => (
        <Stack>
          <Text size="sm">
            {data.missing === 0
              ? 'Everything on the list is set up.'
              : `${data.missing} of ${data.items.length} still to set up. Start with the schools: imports of places, people and access points name one.`}
          </Text>
          {data.items.map((item) => (
            <Paper key={item.id} withBorder p="sm" radius="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Group gap="sm" align="flex-start" wrap="nowrap">
                  {item.done ? (
                    <IconCircleCheck size={22} style={{ flexShrink: 0 }} color="var(--mantine-color-green-7)" aria-hidden />
                  ) : (
                    <IconCircleDashed size={22} style={{ flexShrink: 0 }} color="var(--mantine-color-gray-6)" aria-hidden />
                  )}
                  <Stack gap={2}>
                    <Text fw={600}>
                      {item.link ? (
                        <Anchor component={Link} to={item.link}>
                          {item.label}
                        </Anchor>
                      ) : (
                        item.label
                      )}
                    </Text>
                    <Text size="sm">{item.detail}</Text>
                    {!item.done && (
                      <Text size="xs" c="dimmed">
                        How: <WithCommands text={item.how} />
                      </Text>
                    )}
                  </Stack>
                </Group>
                <Badge color={item.done ? 'green' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
                  {item.done ? 'Done' : 'To do'}
                </Badge>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </QueryView>
  );
}
