import { Alert, Anchor } from '@mantine/core';
import { IconMailOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from './api.ts';

export type MailStatus = { outgoing: boolean; from: string | null; helpdeskInbound: boolean | null };

/** Whether Belfry can send mail, so a page offers a mail action only when it would work. */
export function useMailStatus() {
  return useQuery({
    queryKey: ['mail-status'],
    queryFn: () => api<MailStatus>('/api/settings/mail'),
    staleTime: 5 * 60_000,
  });
}

/** Where mail is explained (Settings, General, Mail). */
export const MAIL_SETUP_PATH = '/settings/general#mail';

/** "Mail is not set up", in plain words, with the way to where it is explained. */
export function MailNotSetUp({ what }: { what: string }) {
  return (
    <Alert color="gray" variant="light" icon={<IconMailOff size={18} />} title="Mail is not set up" data-testid="mail-not-set-up">
      Belfry cannot {what} until mail is set up.{' '}
      <Anchor component={Link} to={MAIL_SETUP_PATH} inherit>
        How to set up mail
      </Anchor>
    </Alert>
  );
}
