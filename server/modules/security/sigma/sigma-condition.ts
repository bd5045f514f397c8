/**
 * Sigma's condition grammar (rules spec v2.1.0): identifiers, `and`, `or`, `not`, brackets,
 * `1 of x*`, `all of x*`, `them`. Precedence: or < and < not < "x of" < brackets.
 */

export type Cond =
  | { op: 'id'; name: string }
  | { op: 'and' | 'or'; args: Cond[] }
  | { op: 'not'; arg: Cond }
  | { op: 'of'; quantifier: 'one' | 'all'; names: string[] };

export function parseCondition(text: string, identifiers: string[], fail: (msg: string) => never): Cond {
  if (text.includes('|')) fail('aggregations in conditions ("| count") are not supported; use a Belfry detector');
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i]?.toLowerCase();
  const expand = (pattern: string): string[] => {
    if (pattern === 'them') return identifiers.filter((n) => !n.startsWith('_'));
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const names = identifiers.filter((n) => re.test(n));
    if (names.length === 0) fail(`the condition's "${pattern}" matches no search identifier`);
    return names;
  };
  const primary = (): Cond => {
    const t = tokens[i];
    if (t === undefined) fail('the condition ends too soon');
    if (t === '(') {
      i++;
      const c = or();
      if (tokens[i] !== ')') fail('a bracket in the condition is not closed');
      i++;
      return c;
    }
    if ((t === '1' || t.toLowerCase() === 'all' || t.toLowerCase() === 'any') && tokens[i + 1]?.toLowerCase() === 'of') {
      const pattern = tokens[i + 2];
      if (!pattern) fail(`"${t} of" needs a pattern`);
      i += 3;
      return { op: 'of', quantifier: t.toLowerCase() === 'all' ? 'all' : 'one', names: expand(pattern) };
    }
    if (/^\d+$/.test(t)) fail(`"${t} of" is not supported (only "1 of" and "all of")`);
    if (['and', 'or', 'not', ')'].includes(t.toLowerCase())) fail(`unexpected "${t}" in the condition`);
    if (!identifiers.includes(t)) fail(`the condition names "${t}", which is not a search identifier`);
    i++;
    return { op: 'id', name: t };
  };
  const not = (): Cond => {
    if (peek() === 'not') {
      i++;
      return { op: 'not', arg: not() };
    }
    return primary();
  };
  const and = (): Cond => {
    const args = [not()];
    while (peek() === 'and') {
      i++;
      args.push(not());
    }
    return args.length === 1 ? (args[0] as Cond) : { op: 'and', args };
  };
  const or = (): Cond => {
    const args = [and()];
    while (peek() === 'or') {
      i++;
      args.push(and());
    }
    return args.length === 1 ? (args[0] as Cond) : { op: 'or', args };
  };
  const c = or();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}" in the condition`);
  return c;
}

export function evalCondition(c: Cond, hit: (name: string) => boolean): boolean {
  switch (c.op) {
    case 'id':
      return hit(c.name);
    case 'and':
      return c.args.every((a) => evalCondition(a, hit));
    case 'or':
      return c.args.some((a) => evalCondition(a, hit));
    case 'not':
      return !evalCondition(c.arg, hit);
    case 'of':
      return c.quantifier === 'all' ? c.names.every(hit) : c.names.some(hit);
  }
}
