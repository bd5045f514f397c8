export const KIND_LABELS: Record<string, string> = {
  term: 'Term',
  half_term: 'Half-term',
  inset: 'INSET day',
  holiday: 'Holiday',
  closure: 'Closure',
  bank_holiday: 'Bank holiday',
};

export const KIND_COLORS: Record<string, string> = {
  term: 'teal',
  half_term: 'orange',
  inset: 'violet',
  holiday: 'gray',
  closure: 'red',
  bank_holiday: 'pink',
};
