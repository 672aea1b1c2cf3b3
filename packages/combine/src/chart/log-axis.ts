/** A tick on a log10 axis. */
export interface LogTick {
  /** The value (not its log). */
  readonly value: number;
  /** Decade ticks (and the 2x, 5x ticks when fewer than three decades show) are major, i.e. labelled. */
  readonly major: boolean;
  /** Mantissa shown before "10^exponent" (1 for decades, whose label is the power alone). */
  readonly mantissa: number;
  readonly exponent: number;
}

/** The log10 domain that holds [lo, hi] with a margin; at least `minSpan` decades wide. */
export function logDomain(lo: number, hi: number, minSpan = 0.6): [number, number] {
  let a = Math.log10(lo);
  let b = Math.log10(hi);
  if (b - a < minSpan) {
    const mid = (a + b) / 2;
    a = mid - minSpan / 2;
    b = mid + minSpan / 2;
  }
  const pad = (b - a) * 0.06;
  return [a - pad, b + pad];
}

/**
 * Ticks for a log10 axis over [a, b] (exponents): every decade is major; the 2..9 multiples are
 * minor, except that 2x and 5x become labelled majors when fewer than three decades fall inside.
 */
export function logTicks(a: number, b: number): LogTick[] {
  const ticks: LogTick[] = [];
  const eps = 1e-9;
  const decadesInside = Math.floor(b + eps) - Math.ceil(a - eps) + 1;
  for (let e = Math.floor(a) - 1; e <= Math.ceil(b); e++) {
    for (let m = 1; m <= 9; m++) {
      const log = e + Math.log10(m);
      if (log < a - eps || log > b + eps) continue;
      const major = m === 1 || (decadesInside < 3 && (m === 2 || m === 5));
      ticks.push({ value: m * 10 ** e, major, mantissa: m, exponent: e });
    }
  }
  return ticks;
}
