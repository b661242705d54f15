/**
 * `node --import tsx bench/tune.ts --experiment NAME [--dataset small|mid|large] [--reps N] [--latency MS]`
 *
 * Measures candidate tuning edits (lib/patches.ts) on private copies of main/ against the unedited code and the raw
 * copy limit, interleaved like the main benchmark. `--variants base,pooled-8x2,pooled-8x2+prefetch=8` picks the edits
 * (joined with +) instead of an experiment's list; `prefetch=N` sets tuning.prefetch instead of editing code, and
 * `node:--flag` passes a Node/V8 option to that variant's process, `env:NAME=VALUE` sets a variable for it (e.g.
 * `env:DOCSTORE_TRACE_COPY=before-save`), and `src=DIR` measures the main/ of another source tree (e.g. a copy of the
 * code before an edit). `--dataset` takes several, comma-separated: a group each, one seeding.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type RunRecord, executeGroups } from './lib/execute.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { GB, MB } from './lib/paths.js';
import { PATCHES } from './lib/patches.js';
import { type GroupPlan, SEARCH_PATIENT, type VariantPlan, ours, raw } from './lib/plan.js';
import { makePrivateCopy } from './lib/private-copy.js';
import { type VariantSummary, renderVariants, summarize } from './lib/report.js';
import type { Dataset, SaveObject } from './lib/seed-bench.js';
import { type BenchSession, openSession } from './lib/session.js';
import { formatTable } from './lib/stats.js';

const EXPERIMENTS: Readonly<Record<string, { readonly kind: 'download' | 'save' | 'search'; readonly variants: ReadonlyArray<string> }>> = {
  parts: { kind: 'download', variants: ['base', 'pooled-5x3', 'pooled-8x2', 'pooled-8x4'] },
  prefetch: { kind: 'download', variants: ['prefetch=2', 'base', 'prefetch=8'] },
  save: { kind: 'save', variants: ['base'] },
  search: { kind: 'search', variants: ['base'] },
  memory: { kind: 'download', variants: ['base'] },
};

const { values } = parseArgs({
  options: {
    experiment: { type: 'string', default: 'parts' },
    variants: { type: 'string' },
    dataset: { type: 'string', default: 'mid' },
    reps: { type: 'string', default: '3' },
    latency: { type: 'string' },
    'save-mb': { type: 'string', default: '1000' },
    'no-raw': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(session: BenchSession): Promise<void> {
  const experiment = EXPERIMENTS[values.experiment];
  if (experiment === undefined) {
    throw new Error(`unknown experiment; choose from ${Object.keys(EXPERIMENTS).join(', ')}`);
  }
  const names = values.variants?.split(',') ?? experiment.variants;
  const latencyMs = values.latency === undefined ? undefined : Number(values.latency);
  const sources = new Map<string, string>();
  for (const name of names) {
    const tree = name.split('+').find((part) => part.startsWith('src='));
    if (tree !== undefined) {
      sources.set(name, resolve(tree.slice('src='.length)));
      continue;
    }
    const patches = name.split('+').filter((part) => part !== 'base' && !part.startsWith('prefetch=') && !part.startsWith('node:') && !part.startsWith('env:'));
    if (patches.length > 0) {
      sources.set(name, await makePrivateCopy(join(session.root, 'src', name.replace(/[^a-z0-9-]+/giu, '_')), patches.flatMap((patch) => PATCHES[patch] ?? unknownPatch(patch))));
    }
  }
  // Seeded together: each seeding numbers its patients afresh, so datasets seeded apart would share one patient.
  const datasets = experiment.kind === 'download' ? await seedDatasets(session, values.dataset.split(',')) : new Map<string, Dataset>();
  const groups: GroupPlan[] = [];
  for (const id of experiment.kind === 'download' ? values.dataset.split(',') : [values.dataset]) {
    groups.push(await buildGroup(session, experiment.kind, names, sources, latencyMs, datasets.get(id)));
  }
  const records = await executeGroups(groups, { reps: Number(values.reps), env: session.env, workRoot: join(session.root, 'runs'), log, stopped: () => session.interrupted() });
  for (const group of groups) {
    const summaries = summarize([group], records);
    const own = records.filter((record) => record.group === group.id);
    process.stdout.write(
      [
        `Tuning experiment "${values.experiment}" on ${group.title}${latencyMs === undefined ? '' : `, +${latencyMs} ms per S3 request`}`,
        `Machine: ${describeMachine(machineInfo())}`,
        '',
        renderVariants(summaries),
        '',
        renderComparison(summaries, own),
        `idle at rest, MiB: ${peakMakeUp(own, 'idle')}`,
        '',
      ].join('\n'),
    );
  }
}

async function buildGroup(
  session: BenchSession,
  kind: 'download' | 'save' | 'search',
  names: ReadonlyArray<string>,
  sources: ReadonlyMap<string, string>,
  latencyMs: number | undefined,
  seeded: Dataset | undefined,
): Promise<GroupPlan> {
  // "node:--flag" parts of a variant name are passed to that variant's Node process (e.g. V8 GC settings).
  const nodeArgsOf = (name: string): string[] => name.split('+').flatMap((part) => (part.startsWith('node:') ? [part.slice('node:'.length)] : []));
  const envOf = (name: string): Record<string, string> =>
    Object.fromEntries(name.split('+').flatMap((part) => (part.startsWith('env:') ? [variable(part.slice('env:'.length))] : [])));
  const withSource = (name: string, plan: VariantPlan): VariantPlan => ({
    ...plan,
    name,
    srcRoot: sources.get(name),
    nodeArgs: nodeArgsOf(name),
    env: { ...plan.env, ...envOf(name) },
    ...(latencyMs === undefined ? {} : { latencyMs }),
  });
  if (kind === 'search') {
    const task = (which: 'search-ours' | 'search-bare') => ({ kind: which, nhsNumber: SEARCH_PATIENT, iterations: 10 }) as const;
    return {
      id: 'search',
      title: `search of patient ${SEARCH_PATIENT}`,
      variants: [...names.map((name) => withSource(name, { name, task: task('search-ours'), timeoutMs: 180_000 })), { name: 'bare-query', task: task('search-bare'), timeoutMs: 180_000 }],
    };
  }
  if (kind === 'save') {
    const { saveObject } = await session.seed({}, [], Number(values['save-mb']) * MB);
    const object = saveObject as SaveObject;
    return {
      id: 'save',
      title: `save of ${object.bytes / MB} MB`,
      variants: [...names.map((name) => withSource(name, { name, task: { kind: 'save', object }, timeoutMs: 600_000 })), { name: 'curl', task: { kind: 'curl', object }, timeoutMs: 600_000 }],
    };
  }
  const dataset = seeded as Dataset;
  const variants = names.map((name) => {
    const prefetch = /prefetch=(\d+)/u.exec(name)?.[1];
    return withSource(name, ours(dataset, prefetch === undefined ? {} : { prefetch: Number(prefetch) }));
  });
  if (!values['no-raw']) {
    variants.push({ ...raw(dataset), ...(latencyMs === undefined ? {} : { latencyMs }) });
  }
  return { id: dataset.id, title: `download of ${dataset.label}`, variants: [{ name: 'idle', task: { kind: 'idle' }, timeoutMs: 120_000 }, ...variants] };
}

/** "NAME=VALUE" (the value may hold '='); a name without a value is refused rather than set to "undefined". */
function variable(assignment: string): [string, string] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) {
    throw new Error(`env:${assignment}: write env:NAME=VALUE`);
  }
  return [assignment.slice(0, equals), assignment.slice(equals + 1)];
}

async function seedDatasets(session: BenchSession, ids: ReadonlyArray<string>): Promise<ReadonlyMap<string, Dataset>> {
  const specs: Record<string, { pool: string; count: number }> = { '40m': { pool: 'small', count: 20 }, small: { pool: 'small', count: 100 }, mid: { pool: 'large', count: 8 }, large: { pool: 'large', count: 40 }, '2g': { pool: 'large', count: 80 } };
  const wanted = ids.map((id) => {
    const spec = specs[id];
    if (spec === undefined) {
      throw new Error(`unknown dataset ${id}; choose from ${Object.keys(specs).join(', ')}`);
    }
    return { id, label: '', ...spec };
  });
  const pools = { small: { size: 2 * MB, count: 100 }, large: { size: 25 * MB, count: 80 } };
  return (await session.seed(pools, wanted)).datasets;
}

function renderComparison(summaries: ReadonlyArray<VariantSummary>, records: ReadonlyArray<RunRecord>): string {
  const base = summaries.find((summary) => summary.variant === 'base') ?? summaries.find((summary) => summary.variant !== 'idle');
  const reference = summaries.find((summary) => ['raw', 'curl', 'bare-query'].includes(summary.variant));
  const idle = summaries.find((summary) => summary.variant === 'idle')?.peakRssMiB?.median;
  const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(3));
  const cpu = (variant: string): string => {
    const values = records.flatMap((record) => (record.variant === variant && record.result.ok ? [record.result.cpuMs] : []));
    return values.length === 0 ? 'n/a' : (values.reduce((a, b) => a + b, 0) / values.length / 1000).toFixed(1);
  };
  return formatTable(
    ['variant', `time / ${base?.variant ?? 'base'}`, `time / ${reference?.variant ?? 'reference'}`, 'peak above idle MiB', 'CPU s (mean)', 'at the peak, MiB (mean)', 'sampled peak by phase MiB'],
    summaries
      .filter((summary) => summary.variant !== 'idle')
      .map((summary) => [
        summary.variant,
        ratio(summary.timeMs?.median, base?.timeMs?.median),
        ratio(summary.timeMs?.median, reference?.timeMs?.median),
        idle === undefined || summary.peakRssMiB === undefined ? 'n/a' : (summary.peakRssMiB.median - idle).toFixed(1),
        cpu(summary.variant),
        peakMakeUp(records, summary.variant),
        Object.entries(summary.phasePeaksMiB)
          .map(([phase, peak]) => `${phase} ${peak.toFixed(0)}`)
          .join(', '),
      ]),
  );
}

/** Mean V8 heap, buffers and other resident memory at each run's sampled peak. */
function peakMakeUp(records: ReadonlyArray<RunRecord>, variant: string): string {
  const parts = records.flatMap((record) => (record.variant === variant && record.result.ok && record.result.breakdownAtPeakMiB !== undefined ? [record.result.breakdownAtPeakMiB] : []));
  const mean = (pick: (part: (typeof parts)[number]) => number): string => (parts.reduce((total, part) => total + pick(part), 0) / parts.length).toFixed(0);
  return parts.length === 0 ? 'n/a' : `heap ${mean((part) => part.heapTotal)}, buffers ${mean((part) => part.arrayBuffers)}, other ${mean((part) => part.other)}`;
}

function unknownPatch(name: string): never {
  throw new Error(`unknown patch ${name}; choose from ${Object.keys(PATCHES).join(', ')}`);
}

let session: BenchSession | undefined;
try {
  log(`Machine: ${describeMachine(machineInfo())}; sizes in decimal MB/GB (${GB} bytes per GB)`);
  session = await openSession({ keep: values.keep, log });
  await main(session);
} catch (error) {
  log(`Tuning run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await session?.close();
}
