import { Badge, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight, IconPoint } from '@tabler/icons-react';
import { type BudgetView, money, RAG_COLORS, type Rag, type Risk, STATUS_LABELS } from './project-types.ts';

export function RagBadge({ rag, reason }: { rag: Rag | string; reason?: string | null }) {
  const badge = (
    <Badge
      color={RAG_COLORS[rag]}
      variant="filled"
      size="sm"
      tt="uppercase"
      style={{ flexShrink: 0, maxWidth: 'none' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {rag}
    </Badge>
  );
  return reason ? (
    <Tooltip label={reason} multiline w={280}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

export function StatusBadge({ status }: { status: string }) {
  const color = status === 'completed' ? 'teal' : status === 'cancelled' ? 'gray' : status === 'on_hold' ? 'orange' : 'blue';
  return (
    <Badge
      color={color}
      variant="light"
      size="sm"
      style={{ flexShrink: 0, maxWidth: 'none' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** Spent and committed against the budget, as one bar. */
export function BudgetBar({ budget }: { budget: BudgetView }) {
  if (budget.totalBudget === 0 && budget.totalSpent === 0)
    return (
      <Text size="xs" c="dimmed">
        No budget
      </Text>
    );
  const of = Math.max(budget.totalBudget, budget.totalSpent + budget.totalCommitted, 1);
  return (
    <Tooltip
      label={`${money(budget.totalSpent)} spent, ${money(budget.totalCommitted)} committed of ${money(budget.totalBudget)}`}
    >
      <div>
        {/* Each section is a progressbar of its own, so each is named; the root is plain. */}
        <Progress.Root size="md">
          <Progress.Section
            value={(budget.totalSpent / of) * 100}
            color={budget.overBudget ? 'red' : 'blue'}
            aria-label={`Spent: ${money(budget.totalSpent)}`}
          />
          <Progress.Section
            value={(budget.totalCommitted / of) * 100}
            color={budget.overBudget ? 'red.3' : 'blue.3'}
            aria-label={`Committed: ${money(budget.totalCommitted)}`}
          />
        </Progress.Root>
        <Text size="xs" c={budget.overBudget ? 'red' : 'dimmed'} mt={2}>
          {money(budget.totalSpent + budget.totalCommitted)} of {money(budget.totalBudget)}
          {budget.overBudget ? ' · over budget' : ''}
        </Text>
      </div>
    </Tooltip>
  );
}

export function TrendIcon({ trend }: { trend: Risk['trend'] }) {
  const map = {
    rising: { icon: IconArrowUpRight, color: 'var(--mantine-color-red-6)', label: 'Rising' },
    falling: { icon: IconArrowDownRight, color: 'var(--mantine-color-green-6)', label: 'Falling' },
    steady: { icon: IconArrowRight, color: 'var(--mantine-color-gray-6)', label: 'Steady' },
    new: { icon: IconPoint, color: 'var(--mantine-color-blue-6)', label: 'New' },
  }[trend];
  return (
    <Group gap={4} wrap="nowrap">
      <map.icon size={16} color={map.color} aria-hidden />
      <Text size="xs">{map.label}</Text>
    </Group>
  );
}
