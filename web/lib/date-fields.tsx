import { Group, Input, Stack, TextInput } from '@mantine/core';
import { DateInput, type DateInputProps } from '@mantine/dates';
import { useEffect, useState } from 'react';
import { fromSchoolClock, toSchoolClock } from './format.ts';

/** Typed dd/mm/yyyy (or d/m/yy) as 'YYYY-MM-DD'; anything else is no date. */
export function parseUkDate(text: string): string | null {
  const m = text.trim().match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/);
  if (!m) return null;
  const yy = m[3] ?? '';
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(yy.length === 2 ? `20${yy}` : yy)];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

type UkDateProps = Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat' | 'dateParser'> & {
  value: string | null;
  onChange: (date: string | null) => void;
};

/** A date picker that shows and takes dd/mm/yyyy, as people in the UK write dates, whatever the browser's language. */
export function UkDateInput({ value, onChange, ...props }: UkDateProps) {
  return (
    <DateInput
      placeholder="dd/mm/yyyy"
      {...props}
      value={value}
      onChange={onChange}
      valueFormat="DD/MM/YYYY"
      dateParser={parseUkDate}
      firstDayOfWeek={1}
      clearable={!props.required}
    />
  );
}

/**
 * A moment on the school's clock (Europe/London): a dd/mm/yyyy date and a 24-hour time. The value
 * is an ISO instant, or null while either half is missing or wrong.
 */
export function SchoolDateTimeInput({
  label,
  value,
  onChange,
  required,
  description,
  error,
  size,
}: {
  label: string;
  value: string | null;
  onChange: (iso: string | null) => void;
  required?: boolean;
  description?: string;
  error?: string | null;
  size?: 'xs' | 'sm';
}) {
  const initial = value ? toSchoolClock(value) : { date: '', time: '' };
  const [date, setDate] = useState<string | null>(initial.date || null);
  const [time, setTime] = useState(initial.time);
  useEffect(() => {
    if (!value) return;
    const w = toSchoolClock(value);
    setDate(w.date);
    setTime(w.time);
  }, [value]);
  const timeOk = /^([01]?\d|2[0-3]):[0-5]\d$/.test(time.trim());
  const emit = (d: string | null, t: string) => {
    const tt = t.trim().padStart(5, '0');
    onChange(d && /^([01]\d|2[0-3]):[0-5]\d$/.test(tt) ? fromSchoolClock(d, tt) : null);
  };
  return (
    <Stack gap={2}>
      <Input.Label required={required} size={size}>
        {label}
      </Input.Label>
      {description && <Input.Description size={size}>{description}</Input.Description>}
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <UkDateInput
          size={size}
          aria-label={`${label}: date`}
          required={required}
          value={date}
          error={error}
          onChange={(d) => {
            setDate(d);
            emit(d, time);
          }}
          w={150}
        />
        <TextInput
          size={size}
          aria-label={`${label}: time`}
          required={required}
          placeholder="hh:mm"
          value={time}
          error={time && !timeOk ? 'Use the 24-hour clock, e.g. 14:30' : undefined}
          onChange={(e) => {
            const t = e.currentTarget.value;
            setTime(t);
            emit(date, t);
          }}
          w={90}
        />
      </Group>
    </Stack>
  );
}
