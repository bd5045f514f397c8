import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { isoToLondon, londonToIso } from './london-time.ts';
import type { Campaign, Lure, Profile } from './types.ts';

type StaffGroup = { id: string; code: string; name: string; staff: number };

const tomorrow = () => {
  const d = new Date(Date.now() + 86_400_000);
  return isoToLondon(d.toISOString()).date;
};

/** Drafting or changing a draft: lures, groups, the sending profile, the window and its hours. */
export function CampaignForm({ campaign, onClose }: { campaign?: Campaign; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const lures = useQuery({ queryKey: ['phishing', 'lures'], queryFn: () => api<{ lures: Lure[] }>('/api/phishing/lures') });
  const groups = useQuery({
    queryKey: ['phishing', 'groups'],
    queryFn: () => api<{ groups: StaffGroup[] }>('/api/phishing/groups'),
  });
  const profiles = useQuery({
    queryKey: ['phishing', 'profiles'],
    queryFn: () => api<{ profiles: Profile[] }>('/api/phishing/profiles'),
  });
  const start = campaign?.windowStart ? isoToLondon(campaign.windowStart) : { date: tomorrow(), time: '09:00' };
  const end = campaign?.windowEnd ? isoToLondon(campaign.windowEnd) : { date: tomorrow(), time: '15:30' };
  const [f, setF] = useState({
    name: campaign?.name ?? '',
    purpose: campaign?.purpose ?? '',
    lureIds: campaign?.lureIds ?? [],
    groupIds: campaign?.groupIds ?? [],
    profileId: campaign?.profileId ?? null,
    landingMode: campaign?.landingMode ?? 'teachable',
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    sendFrom: campaign?.sendFrom ?? '09:00',
    sendUntil: campaign?.sendUntil ?? '15:30',
    spread: campaign?.spread ?? true,
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: f.name,
        purpose: f.purpose,
        lureIds: f.lureIds,
        groupIds: f.groupIds,
        profileId: f.profileId,
        landingMode: f.landingMode,
        windowStart: londonToIso(f.startDate, f.startTime),
        windowEnd: londonToIso(f.endDate, f.endTime),
        sendFrom: f.sendFrom,
        sendUntil: f.sendUntil,
        spread: f.spread,
      };
      return campaign
        ? api<Campaign>(`/api/phishing/campaigns/${campaign.id}`, { method: 'PUT', body })
        : api<Campaign>('/api/phishing/campaigns', { method: 'POST', body });
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      notifications.show({ message: campaign ? 'Draft saved' : 'Draft created: check it, then schedule it' });
      onClose();
      navigate(`/phishing/campaigns/${c.id}`);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const chosen = (lures.data?.lures ?? []).filter((l) => f.lureIds.includes(l.id));
  const staffCount = (groups.data?.groups ?? []).filter((g) => f.groupIds.includes(g.id)).reduce((s, g) => s + g.staff, 0);
  return (
    <Modal opened onClose={onClose} title={campaign ? 'Change the draft' : 'New campaign'} size="lg">
      <Stack>
        <TextInput
          label="Name"
          required
          value={f.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          placeholder="Spring term: support staff"
        />
        <Textarea
          label="Purpose (goes into the DPIA outline)"
          autosize
          minRows={2}
          value={f.purpose}
          onChange={(e) => set('purpose', e.currentTarget.value)}
        />
        <MultiSelect
          label="Lures (dealt at random, balanced within each group)"
          required
          searchable
          data={(lures.data?.lures ?? [])
            .filter((l) => !l.archived)
            .map((l) => ({ value: l.id, label: `${l.name} · ${l.themeLabel} · ${l.difficultyLabel}` }))}
          value={f.lureIds}
          onChange={(v) => set('lureIds', v)}
        />
        {chosen.some((l) => l.needsSignOff) && (
          <Alert color="yellow">
            {chosen
              .filter((l) => l.needsSignOff)
              .map((l) => l.name)
              .join(', ')}{' '}
            uses a sensitive pretext: record the SLT sign-off on the lure before scheduling.
          </Alert>
        )}
        <MultiSelect
          label="Staff groups"
          required
          searchable
          data={(groups.data?.groups ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.staff})` }))}
          value={f.groupIds}
          onChange={(v) => set('groupIds', v)}
          description={
            f.groupIds.length
              ? `About ${staffCount} people before duplicates and exclusions`
              : 'Small groups keep "did you get this too?" to a minimum'
          }
        />
        <Select
          label="Sending profile"
          data={(profiles.data?.profiles ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.envelopeFrom})` }))}
          value={f.profileId}
          onChange={(v) => set('profileId', v)}
          placeholder={profiles.data?.profiles.length ? 'Choose' : 'Add one in Set-up first'}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            After the link
          </Text>
          <SegmentedControl
            value={f.landingMode}
            onChange={(v) => set('landingMode', v as 'teachable' | 'form')}
            data={[
              { value: 'teachable', label: 'Explanation page' },
              { value: 'form', label: 'Pretend sign-in, then explanation' },
            ]}
          />
          <Text size="xs" c="dimmed" mt={4}>
            The pretend sign-in sends nothing anyone types: only that something was typed.
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <DateField label="Window opens" value={f.startDate} onChange={(v: string) => set('startDate', v)} />
          <TextInput
            type="time"
            label="Opening time"
            value={f.startTime}
            onChange={(e) => set('startTime', e.currentTarget.value)}
          />
          <DateField label="Window closes" value={f.endDate} onChange={(v: string) => set('endDate', v)} />
          <TextInput type="time" label="Closing time" value={f.endTime} onChange={(e) => set('endTime', e.currentTarget.value)} />
          <TextInput
            type="time"
            label="Send from (each school day)"
            value={f.sendFrom}
            onChange={(e) => set('sendFrom', e.currentTarget.value)}
          />
          <TextInput
            type="time"
            label="Send until"
            value={f.sendUntil}
            onChange={(e) => set('sendUntil', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Switch
          checked={f.spread}
          onChange={(e) => set('spread', e.currentTarget.checked)}
          label="Spread the sends at random across the window"
        />
        <Text size="xs" c="dimmed">
          Times are on the school's clock. Weekends, holidays, half-terms, INSET days, closures, bank holidays and dates you block
          in Set-up are skipped.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {campaign ? 'Save the draft' : 'Create the draft'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
