import { ActionIcon, Group, NumberInput, Select, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

/** The server's description of how a setting is shown (server/modules/settings/domain/setting-control.ts). */
export type Control =
  | { kind: 'switch' }
  | { kind: 'number'; integer: boolean; min: number | null; max: number | null; unit: string | null }
  | { kind: 'choice'; options: { value: string; label: string }[] }
  | { kind: 'text'; placeholder: string | null }
  | { kind: 'list'; item: 'email' | 'network' | 'text' | 'number' | 'choice'; options: { value: string; label: string }[] | null }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'keyed'; keys: { value: string; label: string }[] | null; value: Control }
  | { kind: 'rows'; fields: Field[] }
  | { kind: 'json' };
type Field = { key: string; label: string; control: Control };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NETWORK = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f:]+:[0-9a-f:]*(\/\d{1,3})?)$/i;

/** A list entry that cannot be right, checked as it is typed (the server checks again). */
export function listProblem(item: string, values: string[]): string | null {
  const bad =
    item === 'email'
      ? values.filter((v) => !EMAIL.test(v))
      : item === 'network'
        ? values.filter((v) => !NETWORK.test(v))
        : item === 'number'
          ? values.filter((v) => !/^\d+$/.test(v))
          : [];
  if (!bad.length) return null;
  const what =
    item === 'email' ? 'an email address' : item === 'network' ? 'an address or network like 203.0.113.0/24' : 'a number';
  return `${bad.map((b) => `“${b}”`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}`;
}

type Props = { control: Control; value: unknown; onChange: (v: unknown) => void; label?: string; error?: string | null };

/** One typed control for a setting's value (or a part of it): switch, number, choice, list, table. */
export function ControlInput({ control, value, onChange, label, error }: Props) {
  const aria = label ? { 'aria-label': label } : {};
  switch (control.kind) {
    case 'switch':
      return <Switch {...aria} checked={!!value} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
      return (
        <NumberInput
          {...aria}
          value={typeof value === 'number' ? value : ''}
          min={control.min ?? undefined}
          max={control.max ?? undefined}
          allowDecimal={!control.integer}
          clampBehavior="none"
          rightSection={
            control.unit ? (
              <Text size="xs" c="dimmed">
                {control.unit}
              </Text>
            ) : undefined
          }
          rightSectionWidth={control.unit ? Math.max(40, control.unit.length * 8 + 16) : undefined}
          error={error}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
          w={control.unit ? 200 : 160}
        />
      );
    case 'choice':
      return (
        <Select
          {...aria}
          data={control.options}
          value={value === undefined || value === null ? null : String(value)}
          onChange={(v) => onChange(v)}
          allowDeselect={false}
          error={error}
          w={280}
        />
      );
    case 'text':
      return (
        <TextInput
          {...aria}
          value={typeof value === 'string' ? value : ''}
          placeholder={control.placeholder ?? undefined}
          error={error}
          onChange={(e) => onChange(e.currentTarget.value)}
          maw={480}
        />
      );
    case 'list': {
      const values = Array.isArray(value) ? value.map(String) : [];
      if (control.item === 'choice')
        return (
          <Group gap="md">
            {(control.options ?? []).map((o) => (
              <Switch
                key={o.value}
                label={o.label}
                checked={values.includes(o.value)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  onChange(on ? [...values, o.value] : values.filter((v) => v !== o.value));
                }}
              />
            ))}
          </Group>
        );
      return (
        <TagsInput
          {...aria}
          value={values}
          onChange={(v) => onChange(control.item === 'number' ? v.map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : v)}
          placeholder={
            control.item === 'email'
              ? 'Type an address, then Enter'
              : control.item === 'network'
                ? 'e.g. 203.0.113.0/24, then Enter'
                : 'Type, then Enter'
          }
          splitChars={[',', ' ', ';']}
          clearable
          error={error ?? listProblem(control.item, values)}
          maw={640}
        />
      );
    }
    case 'fields': {
      const obj = (value ?? {}) as Record<string, unknown>;
      const flat = control.fields.filter((f) => f.control.kind !== 'fields');
      const nested = control.fields.filter((f) => f.control.kind === 'fields');
      return (
        <Table withTableBorder fz="sm" maw={640} data-testid="setting-table">
          <Table.Tbody>
            {flat.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Th w="55%" fw={500}>
                  {f.label}
                </Table.Th>
                <Table.Td>
                  <ControlInput
                    control={f.control}
                    value={obj[f.key]}
                    label={f.label}
                    onChange={(v) => onChange({ ...obj, [f.key]: v })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
            {nested.flatMap((g) => {
              const inner = (obj[g.key] ?? {}) as Record<string, unknown>;
              const fields = g.control.kind === 'fields' ? g.control.fields : [];
              return [
                <Table.Tr key={g.key}>
                  <Table.Th colSpan={2} bg="var(--mantine-color-default-hover)">
                    {g.label}
                  </Table.Th>
                </Table.Tr>,
                ...fields.map((f) => (
                  <Table.Tr key={`${g.key}.${f.key}`}>
                    <Table.Td pl="lg">{f.label}</Table.Td>
                    <Table.Td>
                      <ControlInput
                        control={f.control}
                        value={inner[f.key]}
                        label={`${g.label}: ${f.label}`}
                        onChange={(v) => onChange({ ...obj, [g.key]: { ...inner, [f.key]: v } })}
                      />
                    </Table.Td>
                  </Table.Tr>
                )),
              ];
            })}
          </Table.Tbody>
        </Table>
      );
    }
    case 'keyed': {
      const obj = (value ?? {}) as Record<string, unknown>;
      const keys = control.keys ?? Object.keys(obj).map((k) => ({ value: k, label: k }));
      const inner = control.value;
      const columns = inner.kind === 'fields' ? inner.fields : null;
      return (
        <Table withTableBorder fz="sm" maw={640} data-testid="setting-table">
          {columns && (
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
          )}
          <Table.Tbody>
            {keys.map((k) => {
              const row = obj[k.value];
              return (
                <Table.Tr key={k.value}>
                  <Table.Th fw={500}>{k.label}</Table.Th>
                  {columns ? (
                    columns.map((c) => (
                      <Table.Td key={c.key}>
                        <ControlInput
                          control={c.control}
                          value={(row as Record<string, unknown> | undefined)?.[c.key]}
                          label={`${k.label}: ${c.label}`}
                          onChange={(v) => onChange({ ...obj, [k.value]: { ...((row as object) ?? {}), [c.key]: v } })}
                        />
                      </Table.Td>
                    ))
                  ) : (
                    <Table.Td>
                      <ControlInput
                        control={inner}
                        value={row}
                        label={k.label}
                        onChange={(v) => {
                          const next = { ...obj };
                          if (v === '' || v === null || v === undefined) delete next[k.value];
                          else next[k.value] = v;
                          onChange(next);
                        }}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      );
    }
    case 'rows': {
      const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      const blank = Object.fromEntries(control.fields.map((f) => [f.key, '']));
      return (
        <Table withTableBorder fz="sm" maw={720} data-testid="setting-table">
          <Table.Thead>
            <Table.Tr>
              {control.fields.map((f) => (
                <Table.Th key={f.key}>{f.label}</Table.Th>
              ))}
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity
              <Table.Tr key={i}>
                {control.fields.map((f) => (
                  <Table.Td key={f.key}>
                    <ControlInput
                      control={f.control}
                      value={r[f.key]}
                      label={`${f.label}, row ${i + 1}`}
                      onChange={(v) => onChange(rows.map((x, j) => (j === i ? { ...x, [f.key]: v } : x)))}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td colSpan={control.fields.length + 1}>
                <ActionIcon variant="light" aria-label="Add a row" onClick={() => onChange([...rows, blank])}>
                  <IconPlus size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      );
    }
    default:
      return (
        <TextInput
          {...aria}
          value={JSON.stringify(value)}
          error={error}
          onChange={(e) => {
            try {
              onChange(JSON.parse(e.currentTarget.value));
            } catch {
              /* keep the last valid value */
            }
          }}
        />
      );
  }
}
