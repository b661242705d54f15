import { readFileSync } from 'node:fs';

/** Peak resident set size of this process over its whole life, in KiB (getrusage ru_maxrss). */
export function maxRssKib(): number {
  return process.resourceUsage().maxRSS;
}

/** A field of /proc/self/status in KiB (VmRSS, VmHWM), or undefined off Linux. */
export function procStatusKib(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'mu').exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * Samples the resident set every `intervalMs` until stopped, as a cross-check of the kernel's peak; the peak is also
 * kept per phase (whatever `phase()` names at each sample), to show where memory peaks.
 */
export function startRssSampler(phase: () => string, intervalMs = 20): { stop(): { peakKib: number; byPhaseKib: Record<string, number> } } {
  let peak = 0;
  const byPhaseKib: Record<string, number> = {};
  const sample = (): void => {
    const rss = procStatusKib('VmRSS') ?? 0;
    peak = Math.max(peak, rss);
    const name = phase();
    byPhaseKib[name] = Math.max(byPhaseKib[name] ?? 0, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakKib: peak, byPhaseKib };
    },
  };
}
