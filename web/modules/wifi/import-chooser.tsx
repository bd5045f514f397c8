import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';

type ImporterView = { kind: string; description: string; accept: string; fields: string[] | null };

const WIFI_KINDS = [
  'unifi-events',
  'unifi-clients',
  'meraki-failed-connections',
  'meraki-connection-stats',
  'meraki-events',
  'radius-detail',
  'radius-postauth',
  'wifi-csv',
  'wifi-aps',
];

/** The shared upload dialog, with a choice of the Wi-Fi formats first. */
export function ImportChooser({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [kind, setKind] = useState('unifi-events');
  const importers = useQuery({
    queryKey: ['importers'],
    queryFn: () => api<{ importers: ImporterView[] }>('/api/imports'),
    enabled: opened,
  });
  const list = (importers.data?.importers ?? []).filter((i) => WIFI_KINDS.includes(i.kind));
  const current = list.find((i) => i.kind === kind);
  return (
    <ImportDialog
      key={kind}
      kind={kind}
      title="Import Wi-Fi data"
      opened={opened}
      onClose={onClose}
      accept={current?.accept}
      fields={current?.fields ?? undefined}
      extraControls={
        <Select
          label="What the file is"
          data={list.map((i) => ({ value: i.kind, label: i.description }))}
          value={kind}
          onChange={(v) => v && setKind(v)}
          allowDeselect={false}
        />
      }
      invalidates={[['wifi-overview'], ['wifi-verdict'], ['wifi-service']]}
    />
  );
}
