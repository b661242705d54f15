import { randomBytes } from 'node:crypto';
import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DownloadSummary, TraceCopyStatus } from '../../../common/download.js';
import { createHandlers, type Emit } from '../../../main/ipc/handlers.js';
import { forwardTraceCopyChanges } from '../../../main/ipc/trace-copy-handlers.js';
import { createTraceCopies } from '../../../main/jobs/trace-copies.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { trackDownloads } from '../../../main/jobs/running-downloads.js';
import { toolGate } from '../../../main/sandbox/identity/tool-gate.js';
import { type AppServices, createAppServices } from '../../../main/services.js';
import { createSettings } from '../../../main/settings/settings-store.js';
import { guardCloseDuringDownload } from '../../../main/window/close-guard.js';
import { type DownloadFixture, openDownloadFixture, ownZipBucket, seedTestPatient } from '../../support/download-fixture.js';
import { APP_INFO, fakePlatform } from '../../support/ipc-fakes.js';
import { suiteSandbox } from '../../support/sandbox-backend.js';

// The window's view of the background trace copy (single pass, policy traceCopy "background"), wired as the app wires
// it: the handlers over the tracked services, the copies' changes forwarded as 'trace-copies:changed', on the sandbox.

describe('the trace copy channels, through the services on the sandbox', () => {
  const suite = suiteSandbox();
  const { cleanUps } = suite;

  async function openFixture(overrides: Record<string, string>): Promise<DownloadFixture> {
    const fixture = await openDownloadFixture({ DOCSTORE_TRACE_COPY: 'background', ...overrides });
    cleanUps.push(() => fixture.close());
    return fixture;
  }

  /** The app's front: downloads tracked (for the close warning), handlers, and every copy change sent to the window. */
  function front(services: AppServices, folder: string) {
    const downloads = trackDownloads(services);
    const handlers = createHandlers({
      services: downloads.services,
      settings: createSettings(new Map([['saveFolder', folder]])),
      platform: fakePlatform(),
      appInfo: () => Promise.resolve(APP_INFO),
    });
    const heard: TraceCopyStatus[] = [];
    const listeners = new Set<(status: TraceCopyStatus) => void>();
    const toWindow: Emit = (channel, event) => {
      if (channel === 'trace-copies:changed') {
        heard.push(event as TraceCopyStatus);
        listeners.forEach((listener) => listener(event as TraceCopyStatus));
      }
    };
    const stopForwarding = forwardTraceCopyChanges(services.traceCopies, toWindow);
    cleanUps.push(() => Promise.resolve(stopForwarding()));
    const heardWhen = (test: (status: TraceCopyStatus) => boolean) =>
      new Promise<TraceCopyStatus>((resolve) => {
        const found = heard.find(test);
        if (found !== undefined) {
          resolve(found);
        }
        listeners.add((status) => test(status) && resolve(status));
      });
    const call = (channel: 'download:start' | 'trace-copies:list', payload?: unknown) => handlers[channel](payload, () => undefined);
    return { downloads, heard, heardWhen, call };
  }

  async function download(call: ReturnType<typeof front>['call'], nhsNumber: string): Promise<DownloadSummary> {
    const result = await call('download:start', { requestId: 'd1', nhsNumber });
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    return result.value as DownloadSummary;
  }

  it('the window hears the copy start after "Saved" and end as kept, and reads the same from the list', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: 'Scan.pdf', bytes: randomBytes(6 * 1024 * 1024) }]);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: await ownZipBucket(suite.backend, cleanUps) });
    cleanUps.push(async () => fixture.services.traceCopies?.stop());
    const { call, heard } = front(fixture.services, fixture.folder);

    const summary = await download(call, nhsNumber);
    expect(summary.traceCopy).toMatchObject({ mode: 'background', state: 'uploading', correlationId: summary.correlationId });
    await fixture.services.traceCopies?.idle();

    const ofThisSave = heard.filter((status) => status.correlationId === summary.correlationId);
    expect(ofThisSave[0]).toMatchObject({ state: 'uploading', bytesUploaded: 0, bytesTotal: summary.bytes });
    expect(ofThisSave.at(-1)).toMatchObject({ state: 'complete', bytesUploaded: summary.bytes, checksum: expect.stringMatching(/^CRC64NVME:/u) });
    // Progress never goes backwards on its way to the window.
    const sent = ofThisSave.map((status) => status.bytesUploaded ?? 0);
    expect(sent).toEqual(sent.toSorted((a, b) => a - b));
    expect(await call('trace-copies:list')).toEqual({ ok: true, value: [ofThisSave.at(-1)] });
  });

  it('a copy that cannot be sent yet: the window hears failed with the next try, closing asks nothing, and the copy waits on disk', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: 'Scan.pdf', bytes: randomBytes(50 * 1024) }]);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: `test-zips-missing-${Date.now()}` });
    // A long wait before the next try: the copy is still under way when the person closes the window.
    const services = createAppServices(fixture.backend, { gate: toolGate(), tuning: { retryDelaysMs: [10, 20] }, traceCopyRetryDelaysMs: [3_600_000] });
    cleanUps.push(async () => services.traceCopies?.stop());
    const { call, heardWhen, downloads } = front(services, fixture.folder);

    const summary = await download(call, nhsNumber);
    const failed = await heardWhen((status) => status.state === 'failed');
    expect(failed).toMatchObject({ correlationId: summary.correlationId, attempts: 1, nextAttemptAt: expect.any(String), problem: expect.any(String) });
    expect(failed.givenUp).toBeUndefined();
    expect(await call('trace-copies:list')).toEqual({ ok: true, value: [failed] });

    // The close warning is about a download still being saved; a copy of a saved file is not one.
    const window = { on: vi.fn(), close: vi.fn() };
    const ask = vi.fn(() => Promise.resolve(0));
    guardCloseDuringDownload(window, { isDownloading: () => downloads.isRunning(), ask });
    const close = window.on.mock.calls[0]?.[1] as (event: { preventDefault(): void }) => void;
    const preventDefault = vi.fn();
    close({ preventDefault });
    expect(preventDefault).not.toHaveBeenCalled();
    expect(ask).not.toHaveBeenCalled();

    // The app quits: the copy stops and its journal entry stays for the next start to take up.
    await services.traceCopies?.stop();
    expect(await readdir(join(fixture.dataDir, 'jobs'))).toHaveLength(1);
  });

  it('a copy that can never be made (the saved file changed before the next start): the window hears it given up, no next try', async () => {
    const { nhsNumber } = await seedTestPatient(suite.backend, [{ fileName: 'Scan.pdf', bytes: randomBytes(50 * 1024) }]);
    const fixture = await openFixture({ DOCSTORE_ZIP_BUCKET: await ownZipBucket(suite.backend, cleanUps) });
    // The app quits before the copy starts; the person changes the saved file before the next start.
    await fixture.services.traceCopies?.stop();
    const summary = await download(front(fixture.services, fixture.folder).call, nhsNumber);
    await appendFile(summary.file, 'changed');

    const nextRun = createTraceCopies({ clients: fixture.backend.clients, config: fixture.backend.config, logger: silentLogger(), isRunning: () => false });
    const heard: TraceCopyStatus[] = [];
    const stopForwarding = forwardTraceCopyChanges(nextRun, (_channel, event) => heard.push(event as TraceCopyStatus));
    cleanUps.push(() => Promise.resolve(stopForwarding()));
    await nextRun.resumeInterrupted();
    await nextRun.idle();
    expect(heard.at(-1)).toMatchObject({ correlationId: summary.correlationId, state: 'failed', givenUp: true, problem: expect.any(String) });
    expect(heard.at(-1)).not.toHaveProperty('nextAttemptAt');
  });
});
