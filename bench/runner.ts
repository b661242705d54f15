/**
 * One measured run in a process of its own: `node --import tsx bench/runner.ts` with the task as JSON in the file BENCH_TASK_FILE names.
 *
 * Every run loads the same modules and opens the same backend before the clock starts, so an `idle` run (all of
 * that, then nothing) is the baseline its peak memory is compared against. The last stdout line is the result.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppModules, type AppBackend, loadAppModules } from './jobs/app-modules.js';
import { prepareDownloadOnce } from './jobs/download-once.js';
import type { PreparedJob } from './jobs/job.js';
import { prepareOriginalDesign } from './jobs/original-design.js';
import { prepareLinkDownload } from './jobs/ours-link.js';
import { prepareOurDownload } from './jobs/ours.js';
import { prepareRawCopy } from './jobs/raw-copy.js';
import { prepareCurlSave, prepareOurSave } from './jobs/save.js';
import { prepareSearch } from './jobs/search.js';
import { maxRssKib, procStatusKib, resetPeakRss, startRssSampler } from './lib/memory.js';
import { RESULT_PREFIX, type RunnerInput, type RunnerResult } from './lib/tasks.js';

async function main(): Promise<RunnerResult> {
  const input = JSON.parse(await readFile(process.env.BENCH_TASK_FILE ?? '', 'utf8')) as RunnerInput;
  const app = await loadAppModules(input.srcRoot);
  const opened = await app.setupBackend({ ...input.env, DOCSTORE_DATA_DIR: join(input.workDir, 'data') });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const backend = opened.value;
  try {
    await mkdir(join(input.workDir, 'saves'), { recursive: true });
    const job = await prepare(app, backend, input);
    const rssBeforeJobKib = procStatusKib('VmRSS') ?? 0;
    const hwmBeforeJobKib = procStatusKib('VmHWM') ?? 0;
    const peakWasReset = resetPeakRss();
    const phaseStartsMs: Record<string, number> = {};
    let currentPhase = 'start';
    const sampler = startRssSampler(() => currentPhase);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const outcome = await job.run((phase) => {
      phaseStartsMs[phase] ??= performance.now() - start;
      currentPhase = phase;
    });
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const sampled = sampler.stop();
    const sampledJobPeakKib = sampled.peakKib;
    const sampledPeakHeapUsedKib = sampled.peakHeapUsedKib;
    const sampledPeakByPhaseKib = sampled.byPhaseKib;
    const breakdownAtPeakMiB = sampled.atPeak;
    const peakRssKib = (peakWasReset ? procStatusKib('VmHWM') : undefined) ?? maxRssKib();
    await job.cleanUp();
    return { ok: true, wallMs, cpuMs, phaseStartsMs, peakRssKib, hwmBeforeJobKib, rssBeforeJobKib, sampledJobPeakKib, sampledPeakHeapUsedKib, sampledPeakByPhaseKib, breakdownAtPeakMiB, ...outcome };
  } finally {
    await backend.close();
  }
}

async function prepare(app: AppModules, backend: AppBackend, input: RunnerInput): Promise<PreparedJob> {
  const { task, workDir } = input;
  const s3 = backend.clients.s3;
  const zipBucket = backend.config.zipBucket;
  switch (task.kind) {
    case 'idle':
      return { run: async () => ({ outputBytes: await sleep(1000, 0) }), cleanUp: () => Promise.resolve() };
    case 'ours':
      return prepareOurDownload(app, backend, task.nhsNumber, workDir, { prefetch: task.prefetch, liveHeapProbe: task.liveHeapProbe, withTraceCopy: task.withTraceCopy });
    case 'raw':
      return prepareRawCopy(s3, { ...task, zipBucket, workDir });
    case 'original':
      return prepareOriginalDesign(app, s3, { ...task, zipBucket, workDir });
    case 'save':
      return prepareOurSave(app, backend, task.object, workDir);
    case 'curl':
      return prepareCurlSave(app, backend, task.object, workDir);
    case 'ours-link':
      return prepareLinkDownload(app, backend, { nhsNumber: task.nhsNumber, traceCopy: task.traceCopy, env: input.env, workDir });
    case 'download-once':
      return prepareDownloadOnce(s3, { sources: task.sources, prefetch: task.prefetch, workDir });
    case 'search-ours':
    case 'search-bare':
      return prepareSearch(app, backend, task.kind === 'search-ours' ? 'ours' : 'bare', task.nhsNumber, task.iterations);
  }
}

let result: RunnerResult;
try {
  result = await main();
} catch (error) {
  result = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(result.ok ? 0 : 1));
