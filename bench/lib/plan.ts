import { GB, MB } from './paths.js';
import type { Dataset, DatasetSpec, ObjectPool, SaveObject } from './seed-bench.js';
import type { RunnerTask } from './tasks.js';

export const SCENARIOS = ['throughput', 'memory', 'original', 'latency', 'save', 'search', 'renderer'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** How big everything is: the brief's sizes, or small ones for a smoke run. */
export interface Sizes {
  readonly pools: Readonly<Record<string, ObjectPool>>;
  readonly datasets: ReadonlyArray<DatasetSpec>;
  readonly saveBytes: number;
  readonly searchIterations: number;
  /** Datasets the +20 ms latency comparison runs on. */
  readonly latencyDatasets: ReadonlyArray<string>;
}

export const SEARCH_PATIENT = '9990000034';
export const LATENCY_MS = 20;
/** The raw copy's multipart settings: its fastest measured here (docs/benchmarks.md), not necessarily the app's. */
export const RAW_PART_SIZE = 8 * 1024 * 1024;
export const RAW_QUEUE_SIZE = 4;
/** The app's read-ahead (DOCSTORE_MAX_PARALLEL_TRANSFERS default), which the raw copy uses too. */
export const APP_PREFETCH = 4;

export function sizesFor(quick: boolean): Sizes {
  if (quick) {
    return {
      pools: { small: { size: 1 * MB, count: 20 }, large: { size: 5 * MB, count: 16 } },
      datasets: [
        { id: 'mem-small', label: '', pool: 'small', count: 5 },
        { id: 'small', label: '', pool: 'small', count: 20 },
        { id: 'large', label: '', pool: 'large', count: 8 },
        { id: 'mem-large', label: '', pool: 'large', count: 16 },
      ],
      saveBytes: 50 * MB,
      searchIterations: 2,
      latencyDatasets: ['small'],
    };
  }
  return {
    pools: { small: { size: 2 * MB, count: 100 }, large: { size: 25 * MB, count: 80 } },
    datasets: [
      { id: 'mem-small', label: '', pool: 'small', count: 20 },
      { id: 'small', label: '', pool: 'small', count: 100 },
      { id: 'large', label: '', pool: 'large', count: 40 },
      { id: 'mem-large', label: '', pool: 'large', count: 80 },
    ],
    saveBytes: 1 * GB,
    searchIterations: 5,
    // 100 × 2 MB is where per-request latency weighs most; at 1 GB it adds 40 × 20 ms to either side.
    latencyDatasets: ['small'],
  };
}

/** "1 GB (40 × 25 MB)" */
export function describeSize(count: number, size: number): string {
  return `${formatBytes(count * size)} (${count} × ${formatBytes(size)})`;
}

export function formatBytes(bytes: number): string {
  return bytes >= GB ? `${+(bytes / GB).toFixed(2)} GB` : `${+(bytes / MB).toFixed(1)} MB`;
}

/** One kind of run inside a group. */
export interface VariantPlan {
  readonly name: string;
  readonly task: RunnerTask;
  readonly dataset?: Dataset;
  readonly latencyMs?: number;
  readonly timeoutMs: number;
  /** A private source copy instead of the project (tuning experiments). */
  readonly srcRoot?: string;
  /** Extra Node/V8 options for the run's process (tuning experiments only). */
  readonly nodeArgs?: ReadonlyArray<string>;
}

/** Variants that are compared with each other, run interleaved: A B C, A B C, … */
export interface GroupPlan {
  readonly id: string;
  readonly title: string;
  readonly variants: ReadonlyArray<VariantPlan>;
}

export interface PlanInput {
  readonly selected: ReadonlySet<ScenarioId>;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly saveObject: SaveObject | undefined;
  readonly sizes: Sizes;
}

/** The datasets the chosen scenarios need, so nothing else is seeded. */
export function datasetsNeeded(selected: ReadonlySet<ScenarioId>, sizes: Sizes): Set<string> {
  const needed = new Set<string>();
  if (selected.has('throughput') || selected.has('original') || selected.has('memory')) {
    needed.add('small').add('large');
  }
  if (selected.has('memory')) {
    needed.add('mem-small').add('mem-large');
  }
  if (selected.has('latency')) {
    sizes.latencyDatasets.forEach((id) => needed.add(id));
  }
  return needed;
}

/** Builds the groups of runs for the chosen scenarios. */
export function planGroups({ selected, datasets, saveObject, sizes }: PlanInput): GroupPlan[] {
  const groups: GroupPlan[] = [];
  const dataset = (id: string): Dataset => {
    const found = datasets.get(id);
    if (found === undefined) {
      throw new Error(`dataset ${id} was not seeded`);
    }
    return found;
  };
  if (selected.has('search')) {
    const task = (kind: 'search-ours' | 'search-bare'): RunnerTask => ({ kind, nhsNumber: SEARCH_PATIENT, iterations: sizes.searchIterations });
    groups.push({
      id: 'search',
      title: `Search: patient ${SEARCH_PATIENT} (1,500 rows, 1,470 listed)`,
      variants: [
        { name: 'ours', task: task('search-ours'), timeoutMs: 180_000 },
        { name: 'bare-query', task: task('search-bare'), timeoutMs: 180_000 },
      ],
    });
  }
  if (selected.has('save') && saveObject !== undefined) {
    const timeoutMs = timeoutFor(saveObject.bytes, 300);
    groups.push({
      id: 'save',
      title: `Save: presigned URL to a verified file, ${formatBytes(saveObject.bytes)}`,
      variants: [
        { name: 'ours', task: { kind: 'save', object: saveObject }, timeoutMs },
        { name: 'curl', task: { kind: 'curl', object: saveObject }, timeoutMs },
      ],
    });
  }
  if (selected.has('memory') || selected.has('original')) {
    const variants: VariantPlan[] = [{ name: 'idle', task: { kind: 'idle' }, timeoutMs: 120_000 }];
    if (selected.has('memory')) {
      variants.push(ours(dataset('mem-small'), { name: 'ours:mem-small' }), ours(dataset('mem-large'), { name: 'ours:mem-large' }));
    }
    groups.push({ id: 'memory', title: 'Memory: idle process and the sizes not covered by the throughput groups', variants });
  }
  for (const id of ['small', 'large']) {
    if (!(selected.has('throughput') || selected.has('original') || selected.has('memory'))) {
      break;
    }
    const data = dataset(id);
    const variants: VariantPlan[] = [ours(data)];
    if (selected.has('throughput')) {
      variants.push(raw(data));
    }
    if (selected.has('original')) {
      variants.push(original(data, 8));
    }
    groups.push({ id, title: `Download ${data.label}`, variants });
  }
  if (selected.has('latency')) {
    for (const id of sizes.latencyDatasets) {
      const data = dataset(id);
      groups.push({
        id: `latency-${id}`,
        title: `Download ${data.label}, +${LATENCY_MS} ms on every S3 request, original storing`,
        variants: [
          { ...ours(data), latencyMs: LATENCY_MS },
          { ...original(data, 0), latencyMs: LATENCY_MS },
        ],
      });
    }
  }
  return groups;
}

export function ours(data: Dataset, extra: Partial<VariantPlan> & { readonly prefetch?: number } = {}): VariantPlan {
  const { prefetch, ...rest } = extra;
  return {
    name: 'ours',
    task: { kind: 'ours', nhsNumber: data.nhsNumber, ...(prefetch === undefined ? {} : { prefetch }) },
    dataset: data,
    timeoutMs: timeoutFor(data.totalBytes, 300),
    ...rest,
  };
}

export interface RawSettings {
  readonly name?: string;
  readonly prefetch?: number;
  readonly partSize?: number;
  readonly queueSize?: number;
}

export function raw(data: Dataset, settings: RawSettings = {}): VariantPlan {
  return {
    name: settings.name ?? 'raw',
    task: {
      kind: 'raw',
      sources: sourcesOf(data),
      prefetch: settings.prefetch ?? APP_PREFETCH,
      partSize: settings.partSize ?? RAW_PART_SIZE,
      queueSize: settings.queueSize ?? RAW_QUEUE_SIZE,
    },
    dataset: data,
    timeoutMs: timeoutFor(data.totalBytes, 300),
  };
}

function original(data: Dataset, deflateLevel: number): VariantPlan {
  return {
    name: deflateLevel === 0 ? 'original-store' : `original-deflate${deflateLevel}`,
    task: { kind: 'original', sources: sourcesOf(data), deflateLevel },
    dataset: data,
    // Deflate at level 8 on incompressible bytes runs at 10–30 MB/s on these machines.
    timeoutMs: timeoutFor(data.totalBytes, deflateLevel === 0 ? 300 : 900),
  };
}

function sourcesOf(data: Dataset) {
  return { bucket: data.bucket, keys: data.documents.map((document) => document.key), fileNames: data.documents.map((document) => document.fileName) };
}

function timeoutFor(bytes: number, secondsPerGb: number): number {
  return Math.round(90_000 + (bytes / GB) * secondsPerGb * 1000);
}
