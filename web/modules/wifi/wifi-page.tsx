import { Button, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { DateField } from '../../lib/date-field.tsx';
import { formatDay } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { ApsView } from './aps-view.tsx';
import { ComplaintsView } from './complaints-view.tsx';
import { ContactsView } from './contacts-view.tsx';
import { ImportChooser } from './import-chooser.tsx';
import { ServiceView } from './service-view.tsx';
import { VerdictView } from './verdict-view.tsx';
import type { Overview } from './wifi-types.ts';

/**
 * /wifi: is it the network or the devices? The verdict for a window (by default the last school
 * day against the fortnight before), service levels, access points, and, for the Director and IT,
 * complaints and the people to contact. Senior leaders see the aggregates.
 */
export function WifiPage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const [importOpen, importCtl] = useDisclosure();
  const overview = useQuery({
    queryKey: ['wifi-overview'],
    queryFn: () => api<Overview>('/api/wifi/overview'),
    enabled: hasRole(me, ['admin', 'it', 'slt']),
  });
  if (me && !hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  const it = hasRole(me, ['admin', 'it']);
  const tab = params.get('tab') ?? 'verdict';
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageTitle title="Wi-Fi">
        Is it the network, or the devices? The controller's own evidence, judged against the school days before.
      </PageTitle>
      <QueryView query={overview}>
        {(o) => {
          const from = params.get('from') ?? o.defaultDay;
          const to = params.get('to') ?? from;
          const scope = params.get('scope');
          return (
            <Stack>
              <Group align="flex-end" gap="sm">
                <DateField label="From" value={from} onChange={(v: string) => set({ from: v || null })} w={170} />
                <DateField label="To" value={to} onChange={(v: string) => set({ to: v || null })} w={170} />
                <Select
                  label="Recent days with data"
                  placeholder="Choose a day"
                  data={o.daysWithData
                    .slice(0, 30)
                    .map((d) => ({ value: d, label: `${formatDay(d)}${o.schoolDays.includes(d) ? '' : ' (not a school day)'}` }))}
                  value={from === to && o.daysWithData.includes(from) ? from : null}
                  onChange={(d) => d && set({ from: d, to: d })}
                  w={260}
                />
                {it && (
                  <Button leftSection={<IconUpload size={16} />} variant="light" onClick={importCtl.open}>
                    Import Wi-Fi data
                  </Button>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {o.aps} access points ({o.apsPlaced} placed in buildings). The last school day was {formatDay(o.lastSchoolDay)}.
              </Text>
              <Tabs value={tab} onChange={(v) => set({ tab: v === 'verdict' ? null : v })} keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="verdict">Verdict</Tabs.Tab>
                  <Tabs.Tab value="service">Service levels</Tabs.Tab>
                  <Tabs.Tab value="aps">Access points</Tabs.Tab>
                  {it && <Tabs.Tab value="complaints">Complaints</Tabs.Tab>}
                  {it && <Tabs.Tab value="contacts">People to contact</Tabs.Tab>}
                </Tabs.List>
                <Tabs.Panel value="verdict" pt="md">
                  <VerdictView from={from} to={to} scope={scope} onScope={(s) => set({ scope: s })} canSeeDevices={it} />
                </Tabs.Panel>
                <Tabs.Panel value="service" pt="md">
                  <ServiceView from={from} to={to} />
                </Tabs.Panel>
                <Tabs.Panel value="aps" pt="md">
                  <ApsView from={from} to={to} />
                </Tabs.Panel>
                {it && (
                  <Tabs.Panel value="complaints" pt="md">
                    <ComplaintsView from={from} to={to} />
                  </Tabs.Panel>
                )}
                {it && (
                  <Tabs.Panel value="contacts" pt="md">
                    <ContactsView from={from} to={to} />
                  </Tabs.Panel>
                )}
              </Tabs>
            </Stack>
          );
        }}
      </QueryView>
      {it && <ImportChooser opened={importOpen} onClose={importCtl.close} />}
    </>
  );
}
