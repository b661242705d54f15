import { readFileSync, writeFileSync } from 'node:fs';
import { MIB } from './paths.js';

/** Peak resident set size of this process over its whole life, in KiB (getrusage ru_maxrss). */
export function maxRssKib(): number {
  return process.resourceUsage().maxRSS;
}

/**
 * Resets the kernel's peak (VmHWM) to the current resident set, so that after the job it holds the job's own peak,
 * not start-up's (module compilation, SDK loading). Linux only (/proc/self/clear_refs, value 5); false elsewhere.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A field of /proc/self/status in KiB (VmRSS, VmHWM), or undefined off Linux. */
export function procStatusKib(field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'mu').exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Where the resident memory was at the sampled peak, in MiB: V8's heap, buffers outside it, and the rest. */
export interface PeakBreakdownMiB {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  /** Buffer and ArrayBuffer memory V8 knows of (live or not yet collected). */
  readonly arrayBuffers: number;
  /** Resident memory neither heap nor buffers account for: code, native libraries, allocator slack. */
  readonly other: number;
  /**
   * Of the resident set, pages of mapped files: mostly the node (or Electron) binary's own code, paged in the first
   * time a path of it runs (V8's optimising compiler, say). Shared and dropped first under pressure, but counted in
   * the peak. Linux only.
   */
  readonly file?: number;
}

/**
 * Samples the resident set every `intervalMs` until stopped, as a cross-check of the kernel's peak; the peak is also
 * kept per phase (whatever `phase()` names at each sample), to show where memory peaks, with what made it up. V8's
 * used heap has a peak of its own, often not at the resident peak: what a job retains per document shows there.
 */
export function startRssSampler(
  phase: () => string,
  intervalMs = 20,
): { stop(): { peakKib: number; peakHeapUsedKib: number; byPhaseKib: Record<string, number>; atPeak: PeakBreakdownMiB | undefined } } {
  let peak = 0;
  let peakHeapUsed = 0;
  let atPeak: PeakBreakdownMiB | undefined;
  const byPhaseKib: Record<string, number> = {};
  const sample = (): void => {
    const rss = procStatusKib('VmRSS') ?? 0;
    if (rss > peak) {
      peak = rss;
      atPeak = breakdown();
    }
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
    const name = phase();
    byPhaseKib[name] = Math.max(byPhaseKib[name] ?? 0, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakKib: peak, peakHeapUsedKib: Math.round(peakHeapUsed / 1024), byPhaseKib, atPeak };
    },
  };
}

/** Where the resident memory is now, in MiB: V8's heap, buffers outside it, and the rest. */
export function memoryBreakdownMiB(): PeakBreakdownMiB {
  return breakdown();
}

function breakdown(): PeakBreakdownMiB {
  const usage = process.memoryUsage();
  const file = procStatusKib('RssFile');
  const mib = (bytes: number): number => Math.round((bytes / MIB) * 10) / 10;
  return {
    rss: mib(usage.rss),
    heapUsed: mib(usage.heapUsed),
    heapTotal: mib(usage.heapTotal),
    arrayBuffers: mib(usage.arrayBuffers),
    other: mib(usage.rss - usage.heapTotal - usage.arrayBuffers),
    ...(file === undefined ? {} : { file: mib(file * 1024) }),
  };
}
