import { Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, type Role, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle } from '../../lib/ui.tsx';
import { BankTab } from './bank-tab.tsx';
import { CommentsTab } from './comments-tab.tsx';
import { ImportTab } from './import-tab.tsx';
import { InstrumentsTab } from './instruments-tab.tsx';
import { ResultsTab } from './results-tab.tsx';
import { SummaryTab } from './summary-tab.tsx';

const TABS: { value: string; label: string; roles: Role[]; render: (admin: boolean) => ReactElement }[] = [
  { value: 'results', label: 'Results', roles: ['admin', 'it', 'slt'], render: () => <ResultsTab /> },
  { value: 'summary', label: 'SLT summary', roles: ['admin', 'it', 'slt'], render: () => <SummaryTab /> },
  { value: 'surveys', label: 'Surveys', roles: ['admin'], render: () => <InstrumentsTab /> },
  { value: 'questions', label: 'Question bank', roles: ['admin', 'it', 'slt'], render: (admin) => <BankTab canEdit={admin} /> },
  { value: 'import', label: 'Import history', roles: ['admin'], render: () => <ImportTab /> },
  // Shown only to the safeguarding reviewers and the Director (asked of the server: the reviewers are a setting).
  { value: 'comments', label: 'Comments', roles: ['admin', 'it', 'slt', 'staff'], render: () => <CommentsTab /> },
];

/** /surveys: the Director builds and analyses; SLT reads the results and the summary. */
export function SurveysPage() {
  const { data: me } = useMe();
  const { tab } = useParams();
  const navigate = useNavigate();
  const access = useQuery({
    queryKey: ['surveys', 'comments', 'access'],
    queryFn: () => api<{ canRead: boolean }>('/api/surveys/comments/access'),
    enabled: !!me && me.role !== 'pupil',
    retry: false,
  });
  const mine = TABS.filter((t) => hasRole(me, t.roles) && (t.value !== 'comments' || access.data?.canRead === true));
  if (mine.length === 0 || me?.role === 'pupil') return <NoAccess />;
  const current = mine.find((t) => t.value === tab) ?? (mine[0] as (typeof mine)[number]);
  return (
    <>
      <PageTitle title="IT perception survey">
        Staff, senior and prep pupils: five years of history and this year's survey.
      </PageTitle>
      <Tabs value={current.value} onChange={(v) => v && navigate(`/surveys/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {mine.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {mine.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.render(me?.role === 'admin')}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
