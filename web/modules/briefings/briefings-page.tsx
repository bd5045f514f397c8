import { Stack, Tabs, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { ArchiveTab } from './archive-tab.tsx';
import type { BriefingSummary, ThisWeek } from './briefing-types.ts';
import { SearchResults } from './search-results.tsx';
import { TemplateTab } from './template-tab.tsx';
import { ThisWeekTab } from './this-week-tab.tsx';
import { UsefulTab } from './useful-tab.tsx';

/**
 * /briefings: this week's briefing, the archive, the useful info and (for the Director) the
 * template, with one search over all of it. Senior leaders see the briefings shared with them.
 */
export function BriefingsPage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const allowed = hasRole(me, ['admin', 'it', 'slt']);
  const team = hasRole(me, ['admin', 'it']);
  const director = hasRole(me, ['admin']);
  const list = useQuery({
    queryKey: ['briefings', 'list'],
    queryFn: () => api<{ briefings: BriefingSummary[]; thisWeek: ThisWeek }>('/api/briefings'),
    enabled: allowed,
  });
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);
  useEffect(() => {
    const t = setTimeout(() => {
      if (typed.trim() === q) return;
      const next = new URLSearchParams(params);
      if (typed.trim()) next.set('q', typed.trim());
      else next.delete('q');
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(t);
  }, [typed, q, params, setParams]);
  if (me && !allowed) return <NoAccess />;
  const tab = params.get('tab') ?? (team ? 'week' : 'archive');
  const setTab = (v: string | null) => {
    const next = new URLSearchParams(params);
    next.set('tab', v ?? 'week');
    next.delete('q');
    setParams(next, { replace: true });
  };
  return (
    <Stack>
      <PageTitle title="Weekly briefing">
        {team
          ? 'The IT Services briefing: drafted from the week’s data on the last school day, edited, sent to the team, and kept with the useful info.'
          : 'The IT Services briefings the Director of IT has shared with you.'}
      </PageTitle>
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={team ? 'Search every briefing and the useful info' : 'Search the briefings shared with you'}
        aria-label="Search the briefings"
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        maw={560}
      />
      {q ? (
        <SearchResults q={q} />
      ) : (
        <QueryView query={list}>
          {({ briefings, thisWeek }) => (
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List mb="md">
                {team && <Tabs.Tab value="week">This week</Tabs.Tab>}
                <Tabs.Tab value="archive">Archive</Tabs.Tab>
                {team && <Tabs.Tab value="useful">Useful info</Tabs.Tab>}
                {director && <Tabs.Tab value="template">Template and notices</Tabs.Tab>}
              </Tabs.List>
              {team && (
                <Tabs.Panel value="week">
                  <ThisWeekTab week={thisWeek} director={director} myName={me?.name ?? ''} />
                </Tabs.Panel>
              )}
              <Tabs.Panel value="archive">
                <ArchiveTab briefings={briefings} director={director} />
              </Tabs.Panel>
              {team && <Tabs.Panel value="useful">{tab === 'useful' && <UsefulTab />}</Tabs.Panel>}
              {director && <Tabs.Panel value="template">{tab === 'template' && <TemplateTab />}</Tabs.Panel>}
            </Tabs>
          )}
        </QueryView>
      )}
    </Stack>
  );
}
