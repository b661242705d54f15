/** Turns the shaped-link runs into rows: file saved, download once, their ratio and the trace copy, per profile, size and mode. */
import type { RunRecord } from '../lib/execute.js';
import { describeSize } from '../lib/plan.js';
import { type Spread, formatSpread, formatTable, spreadOf } from '../lib/stats.js';
import { DOWNLOAD_ONCE, type LinkGroupPlan, jobVariantName } from './link-plan.js';

/** One mode of our job on one record and one link, against the download-once yardstick of the same group. */
export interface LinkRow {
  readonly profile: string;
  readonly record: string;
  readonly bytes: number;
  readonly mode: string;
  readonly runs: number;
  readonly failures: ReadonlyArray<string>;
  /** Seconds until the verified file is in the folder. */
  readonly fileSavedS?: Spread;
  readonly downloadOnceS?: Spread;
  /** Median file saved / median download once, and the same per repetition. */
  readonly savedOverOnce?: number;
  readonly savedOverOncePairs?: Spread;
  /** Seconds until the S3 trace copy is complete (absent for mode none, or when it never completed). */
  readonly traceCopyS?: Spread;
  readonly traceOverOnce?: number;
  /** Median bytes that crossed the link each way in a job run, in records: 1 down is the download-once amount. */
  readonly recordsDown?: number;
  readonly recordsUp?: number;
}

export function summarizeLink(groups: ReadonlyArray<LinkGroupPlan>, records: ReadonlyArray<RunRecord>, modes: ReadonlyArray<string>): LinkRow[] {
  return groups.flatMap((group) => {
    const ofVariant = (variant: string) => records.filter((record) => record.group === group.id && record.variant === variant);
    const seconds = (variant: string, pick: (result: Extract<RunRecord['result'], { ok: true }>) => number | undefined): Map<number, number> =>
      new Map(
        ofVariant(variant).flatMap((record) => {
          const value = record.result.ok ? pick(record.result) : undefined;
          return value === undefined ? [] : [[record.rep, value / 1000] as const];
        }),
      );
    const once = seconds(DOWNLOAD_ONCE, (result) => result.wallMs);
    const onceSpread = spreadOf([...once.values()]);
    return modes.map((mode) => {
      const variant = jobVariantName(mode);
      const runs = ofVariant(variant);
      const saved = seconds(variant, (result) => result.milestonesMs?.fileSaved);
      const traced = seconds(variant, (result) => result.milestonesMs?.traceCopyComplete);
      const savedSpread = spreadOf([...saved.values()]);
      const traceSpread = spreadOf([...traced.values()]);
      const ratio = (value: Spread | undefined): number | undefined =>
        value === undefined || onceSpread === undefined ? undefined : value.median / onceSpread.median;
      const crossed = (pick: (bytes: { down: number; up: number }) => number): number | undefined => {
        const values = runs.flatMap((record) => (record.result.ok && record.linkBytes !== undefined ? [pick(record.linkBytes) / group.dataset.totalBytes] : []));
        return spreadOf(values)?.median;
      };
      const recordsDown = crossed((bytes) => bytes.down);
      const recordsUp = crossed((bytes) => bytes.up);
      const pairs = spreadOf([...saved].flatMap(([rep, value]) => (once.has(rep) ? [value / (once.get(rep) ?? 1)] : [])));
      return {
        profile: group.profile.name,
        record: describeSize(group.dataset.documents.length, group.dataset.documents[0]?.bytes ?? 0),
        bytes: group.dataset.totalBytes,
        mode,
        runs: runs.length,
        failures: [...runs, ...ofVariant(DOWNLOAD_ONCE)].flatMap((record) => (record.result.ok ? [] : [`${record.variant}: ${record.result.error.split('\n')[0] ?? ''}`])),
        ...(savedSpread === undefined ? {} : { fileSavedS: savedSpread }),
        ...(onceSpread === undefined ? {} : { downloadOnceS: onceSpread }),
        ...(ratio(savedSpread) === undefined ? {} : { savedOverOnce: ratio(savedSpread) }),
        ...(pairs === undefined ? {} : { savedOverOncePairs: pairs }),
        ...(traceSpread === undefined ? {} : { traceCopyS: traceSpread }),
        ...(ratio(traceSpread) === undefined ? {} : { traceOverOnce: ratio(traceSpread) }),
        ...(recordsDown === undefined ? {} : { recordsDown }),
        ...(recordsUp === undefined ? {} : { recordsUp }),
      };
    });
  });
}

/** The target of issue 17 §3 on a shaped link: file saved ≤ 1.15 × download once. */
export const SAVED_OVER_ONCE_TARGET = 1.15;

export function renderLinkRows(rows: ReadonlyArray<LinkRow>): string {
  const times = (spread: Spread | undefined): string => formatSpread(spread, 1, 1);
  const ratio = (value: number | undefined, pairs?: Spread): string =>
    value === undefined ? 'n/a' : `${value.toFixed(2)}×${pairs === undefined || pairs.count < 2 ? '' : ` (pairs ${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)})`}`;
  return formatTable(
    ['link', 'record', 'mode', 'runs ok', 'file saved s', 'download once s', 'saved / once', `≤ ${SAVED_OVER_ONCE_TARGET}`, 'trace copy complete s', 'trace / once', 'records down / up'],
    rows.map((row) => [
      row.profile,
      row.record,
      row.mode,
      `${row.runs - row.failures.filter((failure) => failure.startsWith('job:')).length}/${row.runs}`,
      times(row.fileSavedS),
      times(row.downloadOnceS),
      ratio(row.savedOverOnce, row.savedOverOncePairs),
      row.savedOverOnce === undefined ? 'n/a' : row.savedOverOnce <= SAVED_OVER_ONCE_TARGET ? 'yes' : 'NO',
      times(row.traceCopyS),
      ratio(row.traceOverOnce),
      row.recordsDown === undefined || row.recordsUp === undefined ? 'n/a' : `${row.recordsDown.toFixed(2)} / ${row.recordsUp.toFixed(2)}`,
    ]),
  );
}
