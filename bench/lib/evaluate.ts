import type { RunRecord } from './execute.js';
import type { ScenarioId } from './plan.js';
import type { RendererSize } from './renderer-size.js';
import { type Check, type VariantSummary, check, pairedRatios } from './report.js';

const LARGE_SEARCH_LABEL = 'large record, random ids';

/** Turns the medians into the brief's targets, each with its value and whether it was met. */
export function evaluate(
  selected: ReadonlySet<ScenarioId>,
  summaries: ReadonlyArray<VariantSummary>,
  records: ReadonlyArray<RunRecord>,
  renderer: RendererSize | undefined,
  largeSearchDocuments: number | undefined,
): Check[] {
  const find = (group: string, variant: string) => summaries.find((summary) => summary.group === group && summary.variant === variant);
  const time = (group: string, variant: string) => find(group, variant)?.timeMs?.median;
  const peak = (group: string, variant: string) => find(group, variant)?.peakRssMiB?.median;
  const label = (group: string, variant = 'ours') => find(group, variant)?.datasetLabel ?? group;
  const idle = peak('memory', 'idle');
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  const withPairs = (value: number | undefined, group: string, a: string, b: string, invert = false): string => {
    const pairs = pairedRatios(records, group, a, b);
    if (value === undefined) {
      return 'n/a';
    }
    const range = pairs === undefined || pairs.count < 2 ? '' : invert ? ` (pairs ${(1 / pairs.max).toFixed(2)}–${(1 / pairs.min).toFixed(2)})` : ` (pairs ${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)})`;
    return `${value.toFixed(2)}×${range}`;
  };
  const checks: Check[] = [];

  if (selected.has('throughput')) {
    for (const [group, limit] of [['large', 1.1], ['small', 1.2]] as const) {
      const value = ratio(time(group, 'ours'), time(group, 'raw'));
      checks.push(check('throughput', `ours / raw copy, ${label(group)}`, value, { op: '<=', limit }, withPairs(value, group, 'ours', 'raw')));
    }
  }
  if (selected.has('memory')) {
    const sizes = [['memory', 'ours:mem-small'], ['small', 'ours'], ['large', 'ours'], ['memory', 'ours:mem-large']] as const;
    for (const [group, variant] of sizes) {
      const value = peak(group, variant);
      const above = value === undefined || idle === undefined ? undefined : value - idle;
      checks.push(check('memory', `peak above idle, ${label(group, variant)} (MiB)`, above, { op: '<=', limit: 64 }, above?.toFixed(1)));
    }
    const small = peak('memory', 'ours:mem-small');
    const large = peak('memory', 'ours:mem-large');
    const growth = small === undefined || large === undefined ? undefined : large - small;
    checks.push(
      check('memory', `peak ${label('memory', 'ours:mem-large')} − peak ${label('memory', 'ours:mem-small')} (MiB)`, growth, { op: '<=', limit: 32 }, growth?.toFixed(1)),
    );
  }
  if (selected.has('documents')) {
    checks.push(...documentCountChecks(find));
  }
  if (selected.has('original')) {
    for (const [group, limit] of [['small', 2], ['large', 2.5]] as const) {
      const speedUp = ratio(time(group, 'original-deflate8'), time(group, 'ours'));
      checks.push(check('original', `speed-up vs original (deflate 8), ${label(group)}`, speedUp, { op: '>=', limit }, withPairs(speedUp, group, 'original-deflate8', 'ours')));
      const ours = peak(group, 'ours');
      const original = peak(group, 'original-deflate8');
      const share = ours === undefined || original === undefined || idle === undefined ? undefined : (ours - idle) / (original - idle);
      const whole = ratio(ours, original);
      checks.push(
        check('original', `our memory / original's, above idle, ${label(group)}`, share, { op: '<=', limit: +(1 / 15).toFixed(4) },
          share === undefined ? 'n/a' : `1/${(1 / share).toFixed(1)} (whole process 1/${(1 / (whole ?? 1)).toFixed(1)})`),
      );
    }
  }
  if (selected.has('latency')) {
    for (const summary of summaries.filter((candidate) => candidate.group.startsWith('latency-') && candidate.variant === 'ours')) {
      const speedUp = ratio(time(summary.group, 'original-store'), time(summary.group, 'ours'));
      checks.push(check('latency', `speed-up vs original storing, +20 ms, ${label(summary.group)}`, speedUp, { op: '>=', limit: 1.4 }, withPairs(speedUp, summary.group, 'original-store', 'ours')));
    }
  }
  if (selected.has('save')) {
    const value = ratio(time('save', 'ours'), time('save', 'curl'));
    checks.push(check('save', 'saveToFolder / curl -s -o', value, { op: '<=', limit: 1.5 }, withPairs(value, 'save', 'ours', 'curl')));
  }
  if (selected.has('search')) {
    const value = ratio(time('search', 'ours'), time('search', 'bare-query'));
    checks.push(check('search', 'searchDocuments / bare Query loop', value, { op: '<=', limit: 1.2 }, withPairs(value, 'search', 'ours', 'bare-query')));
    const large = find('search-large', 'ours');
    if (large !== undefined) {
      const largeRatio = ratio(time('search-large', 'ours'), time('search-large', 'bare-query'));
      checks.push(check('search', `searchDocuments / bare Query loop, ${LARGE_SEARCH_LABEL}`, largeRatio, { op: '<=', limit: 1.2 }, withPairs(largeRatio, 'search-large', 'ours', 'bare-query')));
      const found = fewestListed(records, 'search-large');
      checks.push(
        check('search', `documents the emptiest search listed, ${LARGE_SEARCH_LABEL}`, found, { op: '=', limit: largeSearchDocuments ?? Number.NaN }, found?.toLocaleString('en-GB')),
      );
    }
  }
  if (selected.has('renderer')) {
    // Both are judged: what the window loads before it can be used, and every file built, lazy PDF viewer included.
    const initial = renderer === undefined ? undefined : renderer.initialGzipBytes / 1000;
    const whole = renderer === undefined ? undefined : renderer.gzipBytes / 1000;
    checks.push(check('renderer', 'gzip of the renderer JS + CSS index.html loads (KB)', initial, { op: '<=', limit: 300 }, initial?.toFixed(1)));
    checks.push(check('renderer', 'gzip of all renderer JS + CSS, lazy PDF viewer included (KB)', whole, { op: '<=', limit: 300 }, whole?.toFixed(1)));
  }
  return checks;
}

/**
 * Issue 13 §8: a 5,000-document record may take at most 16 MiB more than a 50-document record of the same bytes.
 * Judged on the peaks above the idle process, resident and V8's used heap, and on the heap still live after a full
 * GC once every document is zipped (the probe runs), which shows what the job retains per document.
 */
function documentCountChecks(find: (group: string, variant: string) => VariantSummary | undefined): Check[] {
  const idle = find('documents', 'idle');
  const few = find('documents', 'ours:few-documents');
  const many = find('documents', 'ours:many-documents');
  const rawFew = find('documents', 'raw:few-documents');
  const rawMany = find('documents', 'raw:many-documents');
  const labels = `${many?.datasetLabel ?? 'many'} − ${few?.datasetLabel ?? 'few'}`;
  const peaks = [
    ['peak RSS', (summary: VariantSummary | undefined) => summary?.peakRssMiB?.median],
    ['peak heap used', (summary: VariantSummary | undefined) => summary?.peakHeapUsedMiB?.median],
  ] as const;
  const peakChecks = peaks.map(([measure, of]) => {
    const idleValue = of(idle);
    const fewAbove = minus(of(few), idleValue);
    const manyAbove = minus(of(many), idleValue);
    const growth = minus(manyAbove, fewAbove);
    const rawGrowth = minus(of(rawMany), of(rawFew));
    const shown = growth === undefined ? 'n/a' : `${growth.toFixed(1)} (${manyAbove?.toFixed(1)} vs ${fewAbove?.toFixed(1)} above idle; raw copy ${rawGrowth?.toFixed(1) ?? 'n/a'})`;
    return check('documents', `${measure}: ${labels}, above idle (MiB)`, growth, { op: '<=', limit: 16 }, shown);
  });
  const fewLive = find('documents', 'ours:few-documents:live-heap')?.liveHeapMiB?.median;
  const manyLive = find('documents', 'ours:many-documents:live-heap')?.liveHeapMiB?.median;
  const liveGrowth = minus(manyLive, fewLive);
  const liveShown = liveGrowth === undefined ? 'n/a' : `${liveGrowth.toFixed(1)} (${manyLive?.toFixed(1)} vs ${fewLive?.toFixed(1)})`;
  return [...peakChecks, check('documents', `heap live after a full GC, all zipped: ${labels} (MiB)`, liveGrowth, { op: '<=', limit: 16 }, liveShown)];
}

function minus(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** The fewest documents any successful run of the group listed (each run reports its emptiest search). */
function fewestListed(records: ReadonlyArray<RunRecord>, group: string): number | undefined {
  const counts = records.flatMap((record) => (record.group === group && record.result.ok ? [record.result.outputBytes] : []));
  return counts.length === 0 ? undefined : Math.min(...counts);
}
