/** Median, minimum and maximum of a sample. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function spreadOf(values: ReadonlyArray<number>): Spread | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, count: sorted.length };
}

export function median(values: ReadonlyArray<number>): number | undefined {
  return spreadOf(values)?.median;
}

/** Formats a spread as "12.3 (11.9–13.0)" with the given unit divisor and decimals. */
export function formatSpread(spread: Spread | undefined, divisor = 1, decimals = 1): string {
  if (spread === undefined) {
    return 'n/a';
  }
  const show = (value: number): string => (value / divisor).toFixed(decimals);
  return spread.count === 1 ? show(spread.median) : `${show(spread.median)} (${show(spread.min)}–${show(spread.max)})`;
}

/** Lays rows out as a plain-text table with a header rule, every column padded to its widest cell. */
export function formatTable(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: ReadonlyArray<string>): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
