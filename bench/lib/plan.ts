import type { LinkProfile } from '../link/profiles.js';
import { GB, MB } from './paths.js';
import type { Dataset, DatasetSpec, ObjectPool, SaveObject, SearchPatient } from './seed-bench.js';
import type { RunnerTask } from './tasks.js';

export const SCENARIOS = ['throughput', 'memory', 'documents', 'original', 'latency', 'save', 'search', 'renderer'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** How big everything is: the brief's sizes, or small ones for a smoke run. */
export interface Sizes {
  readonly pools: Readonly<Record<string, ObjectPool>>;
  readonly datasets: ReadonlyArray<DatasetSpec>;
  readonly saveBytes: number;
  readonly searchIterations: number;
  /** Rows of the large search patient (issue 20): every one must be found. */
  readonly largeSearchDocuments: number;
  /** Datasets the +20 ms latency comparison runs on. */
  readonly latencyDatasets: ReadonlyArray<string>;
}

export const SEARCH_PATIENT = '9990000034';
/** The document-count comparison (issue 13 §8): many small documents against few large ones, the same total bytes. */
export const MANY_DOCUMENTS = 5_000;
export const FEW_DOCUMENTS = 50;
export const LATENCY_MS = 20;
/** The raw copy's multipart settings: its fastest measured here (docs/benchmarks.md), not necessarily the app's. */
export const RAW_PART_SIZE = 8 * 1024 * 1024;
export const RAW_QUEUE_SIZE = 4;
/** The app's read-ahead (DOCSTORE_MAX_PARALLEL_TRANSFERS default), which the raw copy uses too. */
export const APP_PREFETCH = 4;

export function sizesFor(quick: boolean): Sizes {
  if (quick) {
    return {
      pools: { small: { size: 1 * MB, count: FEW_DOCUMENTS }, large: { size: 5 * MB, count: 16 }, tiny: tinyPool(1 * MB) },
      datasets: [
        { id: 'mem-small', label: '', pool: 'small', count: 5 },
        { id: 'small', label: '', pool: 'small', count: 20 },
        { id: 'large', label: '', pool: 'large', count: 8 },
        { id: 'mem-large', label: '', pool: 'large', count: 16 },
        ...documentCountDatasets,
      ],
      saveBytes: 50 * MB,
      searchIterations: 2,
      largeSearchDocuments: 20_000,
      latencyDatasets: ['small'],
    };
  }
  return {
    pools: { small: { size: 2 * MB, count: 100 }, large: { size: 25 * MB, count: 80 }, tiny: tinyPool(2 * MB) },
    datasets: [
      { id: 'mem-small', label: '', pool: 'small', count: 20 },
      { id: 'small', label: '', pool: 'small', count: 100 },
      { id: 'large', label: '', pool: 'large', count: 40 },
      { id: 'mem-large', label: '', pool: 'large', count: 80 },
      ...documentCountDatasets,
    ],
    saveBytes: 1 * GB,
    searchIterations: 5,
    largeSearchDocuments: 20_000,
    // 100 × 2 MB is where per-request latency weighs most; at 1 GB it adds 40 × 20 ms to either side.
    latencyDatasets: ['small'],
  };
}

// The few-document record is the small pool's first 50 objects; the many-document one the same bytes in 5,000.
const documentCountDatasets: ReadonlyArray<DatasetSpec> = [
  { id: 'few-documents', label: '', pool: 'small', count: FEW_DOCUMENTS },
  { id: 'many-documents', label: '', pool: 'tiny', count: MANY_DOCUMENTS },
];

function tinyPool(smallSize: number): ObjectPool {
  return { size: (smallSize * FEW_DOCUMENTS) / MANY_DOCUMENTS, count: MANY_DOCUMENTS };
}

/** "1 GB (40 × 25 MB)" */
export function describeSize(count: number, size: number): string {
  return `${formatBytes(count * size)} (${count} × ${formatBytes(size)})`;
}

export function formatBytes(bytes: number): string {
  if (bytes < MB) {
    return `${+(bytes / 1000).toFixed(1)} KB`;
  }
  return bytes >= GB ? `${+(bytes / GB).toFixed(2)} GB` : `${+(bytes / MB).toFixed(1)} MB`;
}

/** One kind of run inside a group. */
export interface VariantPlan {
  readonly name: string;
  readonly task: RunnerTask;
  readonly dataset?: Dataset;
  readonly latencyMs?: number;
  /** A shaped link in front of S3 (bench/link/shaper.ts); its loopback profile means none. */
  readonly link?: LinkProfile;
  /** Variables added to the run's environment (e.g. DOCSTORE_TRACE_COPY). */
  readonly env?: Readonly<Record<string, string>>;
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
  readonly largeSearchPatient: SearchPatient | undefined;
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
  if (selected.has('documents')) {
    needed.add('few-documents').add('many-documents');
  }
  if (selected.has('latency')) {
    sizes.latencyDatasets.forEach((id) => needed.add(id));
  }
  return needed;
}

/** Builds the groups of runs for the chosen scenarios. */
export function planGroups({ selected, datasets, saveObject, largeSearchPatient, sizes }: PlanInput): GroupPlan[] {
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
  if (selected.has('search') && largeSearchPatient !== undefined) {
    const task = (kind: 'search-ours' | 'search-bare'): RunnerTask => ({ kind, nhsNumber: largeSearchPatient.nhsNumber, iterations: sizes.searchIterations });
    // Allows 5 ms a row for each search of the run (the warm-up and the timed ones).
    const timeoutMs = 120_000 + (sizes.searchIterations + 1) * largeSearchPatient.documents * 5;
    groups.push({
      id: 'search-large',
      title: `Search: ${largeSearchPatient.documents.toLocaleString('en-GB')} documents with random ids, every one listed`,
      variants: [
        { name: 'ours', task: task('search-ours'), timeoutMs },
        { name: 'bare-query', task: task('search-bare'), timeoutMs },
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
  if (selected.has('documents')) {
    const few = dataset('few-documents');
    const many = dataset('many-documents');
    groups.push({
      id: 'documents',
      title: `Memory by document count: ${few.label} against ${many.label}`,
      // An idle run of its own, interleaved with the others, so "above idle" compares runs made side by side.
      variants: [
        { name: 'idle', task: { kind: 'idle' }, timeoutMs: 120_000 },
        ours(few, { name: 'ours:few-documents' }),
        ours(many, { name: 'ours:many-documents' }),
        liveHeapProbe(few, 'ours:few-documents:live-heap'),
        liveHeapProbe(many, 'ours:many-documents:live-heap'),
        // The same GETs with nothing else: how much of the growth 5,000 SDK requests cost any client.
        raw(few, { name: 'raw:few-documents' }),
        raw(many, { name: 'raw:many-documents' }),
      ],
    });
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
    // The background trace copy runs in the same process: a desktop's peak includes it (the time stops at the saved file).
    task: { kind: 'ours', nhsNumber: data.nhsNumber, withTraceCopy: true, ...(prefetch === undefined ? {} : { prefetch }) },
    dataset: data,
    // Every document costs a GET and an entry whatever its size; the trace copy reads and uploads the ZIP once more.
    timeoutMs: timeoutFor(data.totalBytes, 600) + data.documents.length * 30,
    ...rest,
  };
}

function liveHeapProbe(data: Dataset, name: string): VariantPlan {
  const plan = ours(data, { name });
  return { ...plan, task: { kind: 'ours', nhsNumber: data.nhsNumber, liveHeapProbe: true }, nodeArgs: ['--expose-gc'] };
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

export function sourcesOf(data: Dataset) {
  return { bucket: data.bucket, keys: data.documents.map((document) => document.key), fileNames: data.documents.map((document) => document.fileName) };
}

export function timeoutFor(bytes: number, secondsPerGb: number): number {
  return Math.round(90_000 + (bytes / GB) * secondsPerGb * 1000);
}
