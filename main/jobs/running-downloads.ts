/**
 * The downloads running in this process, so quitting can cancel them and wait, bounded, for their cleanup (partial
 * file removed, upload aborted, ZIP deleted, trace row marked, journal entry removed) before the process ends.
 */
import type { AppServices } from '../services.js';

export interface RunningDownloads {
  /** The same services, with every download tracked: the front passes these to its handlers. */
  readonly services: AppServices;
  /** Whether a download is running now (the quit prompt asks only then). */
  isRunning(): boolean;
  /**
   * Cancels every running download and resolves once each has returned (its cleanup done), or when `limit` resolves
   * first: a cleanup that hangs must not stop the app from quitting; the next start's sweep finishes it.
   */
  cancelAll(limit: Promise<void>): Promise<void>;
}

export function trackDownloads(services: AppServices): RunningDownloads {
  const running = new Map<Promise<unknown>, AbortController>();
  return {
    services: {
      ...services,
      download(request) {
        const controller = new AbortController();
        const signal = request.signal === undefined ? controller.signal : AbortSignal.any([request.signal, controller.signal]);
        const job = services.download({ ...request, signal });
        const tracked = job.finally(() => running.delete(tracked));
        running.set(tracked, controller);
        return tracked;
      },
    },
    isRunning: () => running.size > 0,
    async cancelAll(limit) {
      for (const controller of running.values()) {
        controller.abort();
      }
      await Promise.race([Promise.allSettled([...running.keys()]), limit]);
    },
  };
}
