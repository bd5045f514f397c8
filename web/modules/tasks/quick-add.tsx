import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { TaskModal } from './task-modal.tsx';

/**
 * Quick add from anywhere: `q` or Ctrl/Cmd+K opens the add-a-to-do dialog (not while typing in
 * a field). Rendered once by the app shell for the roles that keep a to-do list.
 */
export function QuickAddTask() {
  const { data: me } = useMe();
  const [open, setOpen] = useState(false);
  const allowed = hasRole(me, ['admin', 'it', 'slt']);
  useHotkeys([
    ['q', () => allowed && setOpen(true)],
    ['mod+K', () => allowed && setOpen(true)],
  ]);
  if (!open) return null;
  return <TaskModal task={null} title="Quick add a to-do" onClose={() => setOpen(false)} />;
}
