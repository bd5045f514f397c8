/**
 * Fisher's exact test for a 2 x 2 table, two-sided: the probability, with the margins fixed, of
 * a table at least as unlikely as the one seen (the rule R's fisher.test and SciPy use). Exact
 * for the small counts of a school's groups, where a chi-square approximation is not.
 * Checked against values computed with exact fractions in fisher-exact.test.ts.
 */

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = (logFactorials[i - 1] as number) + Math.log(i);
  return logFactorials[n] as number;
}

/** ln P(X = a) for the hypergeometric draw behind a table with these margins. */
function logHypergeometric(a: number, row1: number, row2: number, col1: number): number {
  const b = row1 - a;
  const c = col1 - a;
  const d = row2 - c;
  const n = row1 + row2;
  return (
    logFactorial(row1) +
    logFactorial(row2) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n) -
    logFactorial(a) -
    logFactorial(b) -
    logFactorial(c) -
    logFactorial(d)
  );
}

/**
 * Two-sided p for `x1` of `n1` against `x2` of `n2` (successes of two groups).
 * Returns 1 when either group is empty.
 */
export function fisherExact(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const col1 = x1 + x2;
  const lo = Math.max(0, col1 - n2);
  const hi = Math.min(n1, col1);
  const observed = logHypergeometric(x1, n1, n2, col1);
  // Tables whose probability equals the observed one (to rounding) count as "as extreme".
  const tolerance = 1e-7;
  let p = 0;
  for (let a = lo; a <= hi; a++) {
    const lp = logHypergeometric(a, n1, n2, col1);
    if (lp <= observed + tolerance) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
