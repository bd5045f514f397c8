const ACRONYMS = new Set(['it', 'slt', 'smt', 'itmg', 'dsl', 'send', 'sen', 'pe', 're', 'ict', 'hr', 'eyfs', 'mfl']);

/**
 * A directory group's name as people read it. Groups imported without a name carry their code
 * (`staff-support`, `itmg`): those become words ("Staff support", "ITMG"); a real name is kept.
 */
export function groupLabel(name: string): string {
  if (!/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(name)) return name;
  const words = name.split(/[-_]/).map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
