// @vitest-environment node
/**
 * "Also save one PDF of the whole record" through IPC: the renderer's choice reaches the download, and the PDF main
 * saved may then be opened like the ZIP; a PDF main did not save may not.
 */
import { describe, expect, it } from 'vitest';
import type { RequestChannel } from '../../../common/channels.js';
import type { DownloadSummary } from '../../../common/download.js';
import { createHandlers } from '../../../main/ipc/handlers.js';
import { createSettings } from '../../../main/settings/settings-store.js';
import { downloadSummary } from '../../support/download-summary.js';
import { APP_INFO, fakePlatform, fakeServices } from '../../support/ipc-fakes.js';

const FOLDER = '/home/user/Documents/ZIPs';
const ZIP = `${FOLDER}/patient-record-9990000018.zip`;
const PDF = `${FOLDER}/patient-record-9990000018.pdf`;

function summary(recordPdf?: DownloadSummary['recordPdf']): DownloadSummary {
  return downloadSummary(recordPdf === undefined ? { file: ZIP } : { file: ZIP, recordPdf });
}

function setUp(saved: DownloadSummary) {
  const services = fakeServices({ download: () => Promise.resolve({ ok: true, value: saved }) });
  const settings = createSettings(new Map<string, unknown>([['saveFolder', FOLDER]]));
  const platform = fakePlatform();
  const handlers = createHandlers({ services, settings, platform, appInfo: () => Promise.resolve(APP_INFO) });
  const call = (channel: RequestChannel, payload?: unknown) => handlers[channel](payload, () => undefined);
  return { services, platform, call };
}

describe('createHandlers: the record PDF', () => {
  it('passes the choice on to the download, and none when the renderer made none', async () => {
    const { call, services } = setUp(summary());
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018', recordPdf: true });
    await call('download:start', { requestId: 'd2', nhsNumber: '9990000018' });
    expect(services.download.mock.calls.map(([request]) => 'recordPdf' in request && request.recordPdf)).toEqual([true, undefined]);
  });

  it("sends the PDF's progress to the window on the download's progress channel, as the last phase of that download", async () => {
    const making = { phase: 'recordPdf', documentsDone: 2, documentsFailed: 0, documentsTotal: 5, bytesDone: 2_000, bytesTotal: 5_000 } as const;
    const services = fakeServices({
      download: (request) => {
        request.onProgress?.({ phase: 'verifying', documentsDone: 5, documentsFailed: 0, documentsTotal: 5, bytesDone: 9_000, bytesTotal: 9_000 });
        request.onProgress?.(making);
        return Promise.resolve({ ok: true, value: summary() });
      },
    });
    const settings = createSettings(new Map<string, unknown>([['saveFolder', FOLDER]]));
    const handlers = createHandlers({ services, settings, platform: fakePlatform(), appInfo: () => Promise.resolve(APP_INFO) });
    const emitted: unknown[][] = [];

    await handlers['download:start']({ requestId: 'd1', nhsNumber: '9990000018', recordPdf: true }, (...event: unknown[]) => emitted.push(event));

    expect(emitted.at(-1)).toEqual(['download:progress', { requestId: 'd1', progress: making }]);
  });

  it('refuses a choice that is not true or false', async () => {
    const { call, services } = setUp(summary());
    expect(await call('download:start', { requestId: 'd1', nhsNumber: '9990000018', recordPdf: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(services.download).not.toHaveBeenCalled();
  });

  it('lets the window open the PDF it saved beside the ZIP', async () => {
    const { call, platform } = setUp(summary({ file: PDF, sha256: 'b'.repeat(64), bytes: 50, pages: 3, zipOnly: 0 }));
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018', recordPdf: true });

    expect(await call('file:open', { file: PDF })).toEqual({ ok: true, value: null });
    expect(platform.openFile).toHaveBeenCalledWith(PDF);
  });

  it('opens no PDF when it could not be made', async () => {
    const { call, platform } = setUp(summary({ problem: 'The ZIP was saved and verified. The PDF of the record could not be made: …' }));
    await call('download:start', { requestId: 'd1', nhsNumber: '9990000018', recordPdf: true });

    expect(await call('file:open', { file: PDF })).toMatchObject({ ok: false });
    expect(platform.openFile).not.toHaveBeenCalledWith(PDF);
  });
});
