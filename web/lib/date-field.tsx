import { DateInput, type DateInputProps } from '@mantine/dates';
import { parseUkDate } from './format.ts';

/**
 * The one date field: a picker that shows and takes dd/mm/yyyy whatever the browser's language
 * (a native `type="date"` shows mm/dd/yyyy in an American browser), with a calendar that starts
 * on Monday. The value stays the API's 'YYYY-MM-DD' ('' for none), so it drops in for a text field.
 */
export function DateField({
  value,
  onChange,
  ...rest
}: Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat' | 'dateParser'> & {
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <DateInput
      {...rest}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      valueFormat="DD/MM/YYYY"
      dateParser={parseUkDate}
      placeholder={rest.placeholder ?? 'dd/mm/yyyy'}
      firstDayOfWeek={1}
      clearable={rest.clearable ?? !rest.required}
      clearButtonProps={{ 'aria-label': 'Clear the date', ...rest.clearButtonProps }}
      popoverProps={{ withinPortal: true, ...rest.popoverProps }}
    />
  );
}
