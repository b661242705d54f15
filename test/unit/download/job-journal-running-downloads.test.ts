import { describe, expect, it, vi } from 'vitest';
import type { DownloadRequest, DownloadResult } from '../../../main/download/download-job.js';
import { trackDownloads } from '../../../main/jobs/running-downloads.js';
import type { AppServices } from '../../../main/services.js';

const CANCELLED: DownloadResult = { ok: false, error: { code: 'cancelled', message: 'Download cancelled. Nothing was saved.' } };

/** Services whose download runs until its signal aborts, then cleans up for as long as the test decides. */
function servicesWithSlowCleanup() {
  const cleanups: Array<() => void> = [];
  const signals: AbortSignal[] = [];
  const download = vi.fn(
    (request: DownloadRequest) =>
      new Promise<DownloadResult>((resolve) => {
        const signal = request.signal as AbortSignal;
        signals.push(signal);
        signal.addEventListener('abort', () => cleanups.push(() => resolve(CANCELLED)), { once: true });
      }),
  );
  const services = { download, search: vi.fn(), appInfo: vi.fn(), flushAudit: vi.fn(), diagnostics: vi.fn() } as unknown as AppServices;
  return { services, cleanups, signals };
}

function manualLimit(): { promise: Promise<void>; reach: () => void } {
  let reach = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return { promise, reach };
}

describe('running downloads on quit', () => {
  it('cancels a running download and waits for its cleanup before resolving', async () => {
    const { services, cleanups, signals } = servicesWithSlowCleanup();
    const downloads = trackDownloads(services);
    const job = downloads.services.download({ nhsNumber: '9990000018', folder: '/saves' });
    expect(downloads.isRunning()).toBe(true);

    let finished = false;
    const cancelled = downloads.cancelAll(manualLimit().promise).then(() => (finished = true));
    await Promise.resolve();
    expect(signals[0]?.aborted).toBe(true);
    expect(finished).toBe(false);

    cleanups[0]?.();
    await cancelled;
    expect(finished).toBe(true);
    expect(await job).toEqual(CANCELLED);
    expect(downloads.isRunning()).toBe(false);
  });

  it('stops waiting when the limit comes first, so a hung cleanup cannot stop the quit', async () => {
    const { services } = servicesWithSlowCleanup();
    const downloads = trackDownloads(services);
    void downloads.services.download({ nhsNumber: '9990000018', folder: '/saves' });
    const limit = manualLimit();
    const cancelled = downloads.cancelAll(limit.promise);
    limit.reach();
    await expect(cancelled).resolves.toBeUndefined();
  });

  it('keeps the caller\'s own cancel working', async () => {
    const { services, cleanups, signals } = servicesWithSlowCleanup();
    const downloads = trackDownloads(services);
    const controller = new AbortController();
    const job = downloads.services.download({ nhsNumber: '9990000018', folder: '/saves', signal: controller.signal });
    controller.abort();
    expect(signals[0]?.aborted).toBe(true);
    cleanups[0]?.();
    expect(await job).toEqual(CANCELLED);
  });

  it('resolves at once when nothing is running', async () => {
    const downloads = trackDownloads(servicesWithSlowCleanup().services);
    expect(downloads.isRunning()).toBe(false);
    await expect(downloads.cancelAll(manualLimit().promise)).resolves.toBeUndefined();
  });
});
