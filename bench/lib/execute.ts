import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isShaped } from '../link/profiles.js';
import { type Shaper, startShaper } from '../link/shaper.js';
import { type DelayProxy, startDelayProxy } from './delay-proxy.js';
import type { GroupPlan, VariantPlan } from './plan.js';
import { PROJECT_ROOT } from './paths.js';
import { runInChild } from './run-child.js';
import type { RunnerResult } from './tasks.js';

/** One finished run. */
export interface RunRecord {
  readonly group: string;
  readonly variant: string;
  readonly rep: number;
  readonly startedAt: string;
  /** 1-minute load average just before the run: other work on the machine shows up here. */
  readonly loadAverage: number;
  readonly result: RunnerResult;
  /** Shaped-link runs: bytes that crossed the link each way during the run (the sandbox's S3 traffic only). */
  readonly linkBytes?: { readonly down: number; readonly up: number };
}

export interface ExecuteOptions {
  readonly reps: number;
  /** The sandbox's variables. */
  readonly env: Readonly<Record<string, string>>;
  /** Where each run gets a folder of its own. */
  readonly workRoot: string;
  readonly log: (line: string) => void;
  /** Set when the user interrupts; no further run starts. */
  readonly stopped: () => boolean;
}

/**
 * Runs every group's variants interleaved (A B C, A B C, …) so drift on a shared machine hits all of them alike.
 *
 * Before each run the page cache's dirty data is flushed (`sync`), so one run's writes are not paid for by the next.
 */
export async function executeGroups(groups: ReadonlyArray<GroupPlan>, options: ExecuteOptions): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  const proxies = new Map<number, DelayProxy>();
  const shapers = new Map<string, Shaper>();
  const total = groups.reduce((count, group) => count + group.variants.length * options.reps, 0);
  let counter = 0;
  try {
    await warmUp(groups, options);
    for (const group of groups) {
      for (let rep = 1; rep <= options.reps; rep += 1) {
        for (const variant of group.variants) {
          if (options.stopped()) {
            return records;
          }
          counter += 1;
          const env = { ...(await environmentFor(variant, options.env, proxies, shapers)), ...variant.env };
          const workDir = join(options.workRoot, String(counter));
          await mkdir(workDir, { recursive: true });
          flushDirtyPages();
          await sleep(300);
          const loadAverage = os.loadavg()[0] ?? 0;
          const startedAt = new Date().toISOString();
          const shaper = variant.link === undefined ? undefined : shapers.get(variant.link.name);
          const trafficBefore = shaper?.traffic();
          const result = await runInChild({ task: variant.task, env, workDir, srcRoot: variant.srcRoot ?? PROJECT_ROOT }, variant.timeoutMs, variant.nodeArgs);
          const trafficAfter = shaper?.traffic();
          await rm(workDir, { recursive: true, force: true });
          const linkBytes =
            trafficBefore === undefined || trafficAfter === undefined
              ? undefined
              : { down: trafficAfter.downBytes - trafficBefore.downBytes, up: trafficAfter.upBytes - trafficBefore.upBytes };
          records.push({ group: group.id, variant: variant.name, rep, startedAt, loadAverage, result, ...(linkBytes === undefined ? {} : { linkBytes }) });
          options.log(`[${counter}/${total}] ${group.id} ${variant.name} #${rep}: ${describeResult(result)} (load ${loadAverage.toFixed(1)})`);
        }
      }
    }
    return records;
  } finally {
    await Promise.all([...proxies.values(), ...shapers.values()].map((proxy) => proxy.close()));
  }
}

async function environmentFor(
  variant: VariantPlan,
  env: Readonly<Record<string, string>>,
  proxies: Map<number, DelayProxy>,
  shapers: Map<string, Shaper>,
): Promise<Record<string, string>> {
  const direct = env.AWS_ENDPOINT_URL_S3 ?? '';
  if (variant.link !== undefined && isShaped(variant.link)) {
    // One shaper per profile for the whole bench: every connection of a run shares its buckets.
    let shaper = shapers.get(variant.link.name);
    if (shaper === undefined) {
      shaper = await startShaper(direct, variant.link);
      shapers.set(variant.link.name, shaper);
    }
    return { ...env, AWS_ENDPOINT_URL_S3: shaper.url, BENCH_DIRECT_S3_ENDPOINT: direct };
  }
  if (variant.latencyMs === undefined) {
    return { ...env };
  }
  let proxy = proxies.get(variant.latencyMs);
  if (proxy === undefined) {
    proxy = await startDelayProxy(env.AWS_ENDPOINT_URL_S3 ?? '', variant.latencyMs);
    proxies.set(variant.latencyMs, proxy);
  }
  return { ...env, AWS_ENDPOINT_URL_S3: proxy.url };
}

// The first process to load a source tree pays tsx's compile cache misses, with a start-up memory peak that can exceed
// a job's; one unrecorded idle run per tree keeps that out of the measurements.
async function warmUp(groups: ReadonlyArray<GroupPlan>, options: ExecuteOptions): Promise<void> {
  const roots = new Set(groups.flatMap((group) => group.variants.map((variant) => variant.srcRoot ?? PROJECT_ROOT)));
  for (const srcRoot of roots) {
    const workDir = join(options.workRoot, 'warm-up');
    await mkdir(workDir, { recursive: true });
    await runInChild({ task: { kind: 'idle' }, env: { ...options.env }, workDir, srcRoot }, 300_000);
    await rm(workDir, { recursive: true, force: true });
  }
}

function flushDirtyPages(): void {
  try {
    execFileSync('sync', { stdio: 'ignore', timeout: 120_000 });
  } catch {
    // Not every platform has sync(1); the runs are still interleaved.
  }
}

function describeResult(result: RunnerResult): string {
  if (!result.ok) {
    return `FAILED: ${result.error.split('\n')[0] ?? ''}`;
  }
  const seconds = result.samplesMs === undefined ? `${(result.wallMs / 1000).toFixed(2)} s` : `${(result.wallMs / 1000).toFixed(2)} s total`;
  return `${seconds}, peak RSS ${(result.peakRssKib / 1024).toFixed(0)} MiB`;
}
