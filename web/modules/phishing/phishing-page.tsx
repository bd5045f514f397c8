import { Tabs } from '@mantine/core';
import type { ReactElement } from 'react';
import { useNavigate, useParams } from 'react-router';
import { hasRole, type Role, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle } from '../../lib/ui.tsx';
import { CampaignsTab } from './campaigns-tab.tsx';
import { ExclusionsTab } from './exclusions-tab.tsx';
import { LuresTab } from './lures-tab.tsx';
import { MailboxTab } from './mailbox-tab.tsx';
import { ReportsTab } from './reports-tab.tsx';
import { SetupTab } from './setup-tab.tsx';
import { TrendsTab } from './trends-tab.tsx';

const IT: Role[] = ['admin', 'it'];
const TABS: { value: string; label: string; roles: Role[]; render: () => ReactElement }[] = [
  { value: 'campaigns', label: 'Campaigns', roles: IT, render: () => <CampaignsTab /> },
  { value: 'reports', label: 'SLT reports', roles: ['admin', 'it', 'slt'], render: () => <ReportsTab /> },
  { value: 'trends', label: 'Trends', roles: ['admin', 'it', 'slt'], render: () => <TrendsTab /> },
  { value: 'lures', label: 'Lures', roles: IT, render: () => <LuresTab /> },
  { value: 'reported', label: 'Reported emails', roles: IT, render: () => <MailboxTab /> },
  { value: 'left-out', label: 'Left out', roles: IT, render: () => <ExclusionsTab /> },
  { value: 'setup', label: 'Set-up', roles: IT, render: () => <SetupTab /> },
];

/** /phishing: the Director and IT run simulations; SLT reads the findings, never names. */
export function PhishingPage() {
  const { data: me } = useMe();
  const { tab } = useParams();
  const navigate = useNavigate();
  const mine = TABS.filter((t) => hasRole(me, t.roles));
  if (mine.length === 0) return <NoAccess />;
  const current = mine.find((t) => t.value === tab) ?? (mine[0] as (typeof mine)[number]);
  return (
    <>
      <PageTitle title="Phishing awareness">
        Practice phishing emails to small groups of staff: who recognised and reported them, which lures worked, and where
        training should go. Blame-free; nothing anyone types is ever captured.
      </PageTitle>
      <Tabs value={current.value} onChange={(v) => v && navigate(`/phishing/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {mine.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {mine.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.render()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
