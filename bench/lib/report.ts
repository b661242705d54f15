import type { RunRecord } from './execute.js';
import type { GroupPlan } from './plan.js';
import { type Spread, formatSpread, formatTable, median, spreadOf } from './stats.js';
import type { RunnerResult } from './tasks.js';

type Success = Extract<RunnerResult, { ok: true }>;

/** Medians of one variant of one group. */
export interface VariantSummary {
  readonly group: string;
  readonly variant: string;
  readonly datasetLabel?: string;
  readonly runs: number;
  readonly failures: ReadonlyArray<string>;
  /** Wall time of the job; for search, each run's median iteration. */
  readonly timeMs?: Spread;
  readonly peakRssMiB?: Spread;
  readonly sampledJobPeakMiB?: Spread;
  readonly peakHeapUsedMiB?: Spread;
  readonly liveHeapMiB?: Spread;
  readonly startupPeakMiB?: Spread;
  /** Median time spent in each phase. */
  readonly phasesMs: Readonly<Record<string, number>>;
  /** Median of each phase's sampled peak RSS. */
  readonly phasePeaksMiB: Readonly<Record<string, number>>;
  readonly outputBytes?: number;
}

export function summarize(groups: ReadonlyArray<GroupPlan>, records: ReadonlyArray<RunRecord>): VariantSummary[] {
  return groups.flatMap((group) =>
    group.variants.map((variant) => {
      const runs = records.filter((record) => record.group === group.id && record.variant === variant.name);
      const ok = runs.flatMap((record) => (record.result.ok ? [record.result] : []));
      const phaseNames = [...new Set(ok.flatMap((result) => Object.keys(phaseDurations(result))))];
      return {
        group: group.id,
        variant: variant.name,
        datasetLabel: variant.dataset?.label,
        runs: runs.length,
        failures: runs.flatMap((record) => (record.result.ok ? [] : [record.result.error.split('\n')[0] ?? ''])),
        timeMs: spreadOf(ok.map(timeOf)),
        peakRssMiB: spreadOf(ok.map((result) => result.peakRssKib / 1024)),
        sampledJobPeakMiB: spreadOf(ok.map((result) => result.sampledJobPeakKib / 1024)),
        peakHeapUsedMiB: spreadOf(ok.map((result) => result.sampledPeakHeapUsedKib / 1024)),
        liveHeapMiB: spreadOf(ok.flatMap((result) => (result.liveHeapKib === undefined ? [] : [result.liveHeapKib / 1024]))),
        startupPeakMiB: spreadOf(ok.map((result) => result.hwmBeforeJobKib / 1024)),
        phasesMs: Object.fromEntries(phaseNames.map((name) => [name, median(ok.map((result) => phaseDurations(result)[name] ?? 0)) ?? 0])),
        phasePeaksMiB: Object.fromEntries(
          phaseNames.map((name) => [name, (median(ok.map((result) => result.sampledPeakByPhaseKib[name] ?? 0)) ?? 0) / 1024]),
        ),
        outputBytes: ok[0]?.outputBytes,
      };
    }),
  );
}

/** A search run's time is its median iteration; a job that also waited for its trace copy, until the file was saved; any other run's, its wall time. */
function timeOf(result: Success): number {
  if (result.samplesMs !== undefined) {
    return median(result.samplesMs) ?? result.wallMs;
  }
  return result.milestonesMs?.fileSaved ?? result.wallMs;
}

function phaseDurations(result: Success): Record<string, number> {
  const starts = Object.entries(result.phaseStartsMs).sort(([, a], [, b]) => a - b);
  return Object.fromEntries(starts.map(([name, start], index) => [name, (starts[index + 1]?.[1] ?? result.wallMs) - start]));
}

/** Ratio A/B per repetition, pairing the i-th run of each. */
export function pairedRatios(records: ReadonlyArray<RunRecord>, group: string, a: string, b: string): Spread | undefined {
  const times = (variant: string): Map<number, number> =>
    new Map(records.flatMap((record) => (record.group === group && record.variant === variant && record.result.ok ? [[record.rep, timeOf(record.result)] as const] : [])));
  const first = times(a);
  const second = times(b);
  return spreadOf([...first].flatMap(([rep, time]) => (second.has(rep) ? [time / (second.get(rep) ?? 1)] : [])));
}

/** One target and whether it was met. */
export interface Check {
  readonly scenario: string;
  readonly what: string;
  readonly value: number | undefined;
  readonly shown: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

export function check(scenario: string, what: string, value: number | undefined, target: { readonly op: '<=' | '>=' | '='; readonly limit: number }, shown?: string): Check {
  const met = value === undefined ? undefined : target.op === '<=' ? value <= target.limit : target.op === '>=' ? value >= target.limit : value === target.limit;
  const symbol = { '<=': '≤', '>=': '≥', '=': '=' }[target.op];
  return { scenario, what, value, shown: shown ?? (value === undefined ? 'n/a' : value.toFixed(2)), target: `${symbol} ${target.limit}`, met };
}

export function renderChecks(checks: ReadonlyArray<Check>, judged: boolean): string {
  return formatTable(
    ['scenario', 'measure', 'value', 'target', 'met'],
    checks.map((item) => [item.scenario, item.what, item.shown, item.target, !judged ? 'smoke' : item.met === undefined ? 'n/a' : item.met ? 'yes' : 'NO']),
  );
}

export function renderVariants(summaries: ReadonlyArray<VariantSummary>): string {
  return formatTable(
    ['group', 'variant', 'runs', 'time s median (min–max)', 'peak RSS MiB', 'peak heap MiB', 'phases (median s)'],
    summaries.map((summary) => [
      summary.group,
      summary.variant,
      `${summary.runs - summary.failures.length}/${summary.runs}`,
      summary.group.startsWith('search') ? formatSpread(summary.timeMs, 1000, 3) : formatSpread(summary.timeMs, 1000, 2),
      formatSpread(summary.peakRssMiB, 1, 0),
      formatSpread(summary.peakHeapUsedMiB, 1, 0),
      Object.entries(summary.phasesMs)
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)}`)
        .join(', '),
    ]),
  );
}
