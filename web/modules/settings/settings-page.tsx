import { Tabs } from '@mantine/core';
import type { ReactElement } from 'react';
import { useNavigate, useParams } from 'react-router';
import { hasRole, type Role, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle } from '../../lib/ui.tsx';
import { AppsTab } from './apps-tab.tsx';
import { AuditTab } from './audit-tab.tsx';
import { GeneralTab } from './general-tab.tsx';
import { SchoolsTab } from './schools-tab.tsx';
import { SetupTab } from './setup-tab.tsx';
import { StorageTab } from './storage-tab.tsx';
import { UsersTab } from './users-tab.tsx';

const TABS: { value: string; label: string; roles: Role[]; render: () => ReactElement }[] = [
  { value: 'general', label: 'General', roles: ['admin'], render: () => <GeneralTab /> },
  { value: 'setup', label: 'First run', roles: ['admin', 'it'], render: () => <SetupTab /> },
  { value: 'schools', label: 'Schools', roles: ['admin'], render: () => <SchoolsTab /> },
  { value: 'apps', label: 'Apps', roles: ['admin'], render: () => <AppsTab /> },
  { value: 'users', label: 'Users and roles', roles: ['admin'], render: () => <UsersTab /> },
  { value: 'audit', label: 'Audit log', roles: ['admin', 'it'], render: () => <AuditTab /> },
  { value: 'storage', label: 'Storage', roles: ['admin', 'it'], render: () => <StorageTab /> },
];

export function SettingsPage() {
  const { data: me } = useMe();
  const { tab } = useParams();
  const navigate = useNavigate();
  const mine = TABS.filter((t) => hasRole(me, t.roles));
  if (mine.length === 0) return <NoAccess />;
  const current = mine.find((t) => t.value === tab) ?? (mine[0] as (typeof mine)[number]);
  return (
    <>
      <PageTitle title="Settings" />
      <Tabs value={current.value} onChange={(v) => v && navigate(`/settings/${v}`)} keepMounted={false}>
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
