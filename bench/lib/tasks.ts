import type { PeakBreakdownMiB } from './memory.js';
import type { SaveObject } from './seed-bench.js';

/** Objects to read, in ZIP order. */
export interface Sources {
  readonly bucket: string;
  readonly keys: ReadonlyArray<string>;
  readonly fileNames: ReadonlyArray<string>;
}

/** What one measured child process does. */
export type RunnerTask =
  | { readonly kind: 'idle' }
  /**
   * Our job. `withTraceCopy`: the run goes on until the background S3 trace copy (same process) is complete, so the
   * peak is the whole job's; its time is still until the file is saved (`milestonesMs.fileSaved`).
   */
  | { readonly kind: 'ours'; readonly nhsNumber: string; readonly prefetch?: number; readonly liveHeapProbe?: boolean; readonly withTraceCopy?: boolean }
  | {
      readonly kind: 'raw';
      readonly sources: Sources;
      readonly prefetch: number;
      readonly partSize: number;
      readonly queueSize: number;
    }
  | { readonly kind: 'original'; readonly sources: Sources; readonly deflateLevel: number }
  | { readonly kind: 'save'; readonly object: SaveObject }
  | { readonly kind: 'curl'; readonly object: SaveObject }
  | { readonly kind: 'search-ours' | 'search-bare'; readonly nhsNumber: string; readonly iterations: number }
  /** Our job on a shaped link, also timing when its S3 trace copy is complete (`traceCopy`: the mode asked for, if any). */
  | { readonly kind: 'ours-link'; readonly nhsNumber: string; readonly traceCopy?: string }
  /** The documents fetched once, `prefetch` GETs in flight, each to a file: the floor for "file saved" on a link. */
  | { readonly kind: 'download-once'; readonly sources: Sources; readonly prefetch: number };

/** Everything a runner needs; written as JSON to the file BENCH_TASK_FILE names. */
export interface RunnerInput {
  readonly task: RunnerTask;
  /**
   * The sandbox's variables, with AWS_ENDPOINT_URL_S3 pointing at the delay proxy or the link shaper when one is in
   * the way (BENCH_DIRECT_S3_ENDPOINT then names the sandbox's own), and any variables the variant adds.
   */
  readonly env: Readonly<Record<string, string>>;
  /** A folder of the run's own: save folder, audit outbox, baseline output files. Removed by the orchestrator. */
  readonly workDir: string;
  /** The source tree whose main/ is measured: the project, or a private copy with one tuning edit. */
  readonly srcRoot: string;
}

/** What a runner reports on its last stdout line, after `BENCH_RESULT `. */
export type RunnerResult =
  | {
      readonly ok: true;
      /** Wall time of the job alone: process start-up, module loading and clean-up are outside it. */
      readonly wallMs: number;
      /** CPU time (user + system) this process spent during the job, all threads included. */
      readonly cpuMs: number;
      /** Time from the job's start to the start of each phase. */
      readonly phaseStartsMs: Readonly<Record<string, number>>;
      readonly outputBytes: number;
      /** The kernel's peak during the job (VmHWM reset as it starts); off Linux, getrusage's peak over the whole life. */
      readonly peakRssKib: number;
      /** The kernel's peak just before the job started (start-up and module loading only). */
      readonly hwmBeforeJobKib: number;
      readonly rssBeforeJobKib: number;
      /** Peak of VmRSS sampled every 20 ms during the job: a cross-check that the peak belongs to the job. */
      readonly sampledJobPeakKib: number;
      /** Peak of V8's used heap sampled every 20 ms during the job (garbage not yet collected included). */
      readonly sampledPeakHeapUsedKib: number;
      /** The sampled peak within each phase. */
      readonly sampledPeakByPhaseKib: Readonly<Record<string, number>>;
      /** What made up the sampled peak: V8 heap, buffers, the rest. */
      readonly breakdownAtPeakMiB?: PeakBreakdownMiB;
      /** Live-heap probes only: V8's used heap after a full GC, taken once every document is in the ZIP. */
      readonly liveHeapKib?: number;
      /** Search only: each timed iteration. */
      readonly samplesMs?: ReadonlyArray<number>;
      /**
       * Time from the job's start to each milestone (`fileSaved`, `traceCopyComplete`): shaped-link runs, and our job run
       * `withTraceCopy`, whose time is `fileSaved`.
       */
      readonly milestonesMs?: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly error: string };

export const RESULT_PREFIX = 'BENCH_RESULT ';
