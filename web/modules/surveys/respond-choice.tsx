import { UnstyledButton } from '@mantine/core';
import { IconMoodEmpty, IconMoodHappy, IconMoodSad } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** The response page's answer buttons: large, full-width targets that say whether they are chosen. */

/** Faces drawn as icons (not emoji, which some tablets lack): happy, neutral, a mild frown. */
export const FACES: Record<number, { Icon: typeof IconMoodHappy; colour: string }> = {
  3: { Icon: IconMoodHappy, colour: 'var(--mantine-color-green-6)' },
  2: { Icon: IconMoodEmpty, colour: 'var(--mantine-color-yellow-7)' },
  1: { Icon: IconMoodSad, colour: 'var(--mantine-color-gray-6)' },
};

/** Reads a question and its answers aloud (the browser's own voice), for a pupil or a teacher. */
export function speak(text: string) {
  if (!('speechSynthesis' in window)) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'en-GB';
  u.rate = 0.9;
  window.speechSynthesis.speak(u);
}

export function Choice({
  selected,
  onClick,
  children,
  label,
  compact = false,
}: {
  selected: boolean;
  onClick: () => void;
  children: ReactNode;
  label: string;
  compact?: boolean;
}) {
  return (
    <UnstyledButton
      onClick={onClick}
      aria-pressed={selected}
      aria-label={label}
      w="100%"
      mih={64}
      px="sm"
      py="md"
      fz={compact ? 'lg' : 'xl'}
      fw={600}
      ta="center"
      style={{
        borderRadius: 'var(--mantine-radius-lg)',
        border: `2px solid ${selected ? 'var(--mantine-color-belfry-7)' : 'var(--mantine-color-default-border)'}`,
        background: selected ? 'var(--mantine-color-belfry-7)' : 'var(--mantine-color-body)',
        color: selected ? 'white' : 'inherit',
        lineHeight: 1.25,
        overflowWrap: 'break-word',
      }}
    >
      {children}
    </UnstyledButton>
  );
}
