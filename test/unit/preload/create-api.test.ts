// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS, REQUESTS, type RequestChannel } from '../../../common/channels.js';
import type { ArchiveApi } from '../../../common/archive.js';
import { createDocumentStoreApi } from '../../../preload/create-api.js';

function apiWithTransport() {
  const invoke = vi.fn((_channel: RequestChannel, _payload: unknown) => Promise.resolve({ ok: true as const, value: 'reply' as never }));
  const api = createDocumentStoreApi({ invoke, subscribe: () => () => undefined });
  return { api, invoke };
}

describe('documentStore.archive: the renderer side of the archive channels', () => {
  it('offers exactly the archive operations, all functions', () => {
    const { api } = apiWithTransport();
    expect(Object.keys(api.archive).toSorted()).toEqual(
      ['add', 'cancel', 'list', 'locate', 'onProgress', 'open', 'openFile', 'readEntry', 'remove', 'saveEntry', 'showInFolder', 'verify', 'verifyAll'].toSorted(),
    );
    for (const operation of Object.values(api.archive)) {
      expect(operation).toBeTypeOf('function');
    }
  });

  it.each<[string, (archive: ArchiveApi) => Promise<unknown>, RequestChannel, unknown]>([
    ['list', (archive) => archive.list(), 'archive:list', {}],
    ['list (filtered)', (archive) => archive.list({ nhsNumber: '999 000 0018' }), 'archive:list', { nhsNumber: '999 000 0018' }],
    ['verify', (archive) => archive.verify('e1'), 'archive:verify', { id: 'e1' }],
    ['verifyAll', (archive) => archive.verifyAll(), 'archive:verify', { all: true }],
    ['open', (archive) => archive.open('e1'), 'archive:open', { id: 'e1' }],
    ['readEntry', (archive) => archive.readEntry('e1', 'scans/ECG.png'), 'archive:read-entry', { id: 'e1', entryName: 'scans/ECG.png' }],
    ['saveEntry', (archive) => archive.saveEntry('e1', 'Letter.pdf'), 'archive:save-entry', { id: 'e1', entryName: 'Letter.pdf' }],
    ['locate', (archive) => archive.locate('e1'), 'archive:locate', { id: 'e1' }],
    ['add', (archive) => archive.add(), 'archive:add', undefined],
    ['remove', (archive) => archive.remove('e1', { deleteFile: false }), 'archive:remove', { id: 'e1', deleteFile: false }],
    ['remove (and delete)', (archive) => archive.remove('e1', { deleteFile: true }), 'archive:remove', { id: 'e1', deleteFile: true }],
    ['showInFolder', (archive) => archive.showInFolder('e1'), 'archive:show-in-folder', { id: 'e1' }],
    ['openFile', (archive) => archive.openFile('e1'), 'archive:open-file', { id: 'e1' }],
    ['cancel', (archive) => archive.cancel(), 'archive:cancel', undefined],
  ])('%s invokes %s with a payload main accepts', async (_name, operation, channel, payload) => {
    const { api, invoke } = apiWithTransport();
    await expect(operation(api.archive)).resolves.toEqual({ ok: true, value: 'reply' });
    expect(invoke).toHaveBeenCalledExactlyOnceWith(channel, payload);
    expect(REQUESTS[channel].payload.safeParse(payload).success).toBe(true);
  });

  it('every archive channel is a registered request channel with a schema', () => {
    const archiveChannels = REQUEST_CHANNELS.filter((channel) => channel.startsWith('archive:'));
    expect(archiveChannels.toSorted()).toEqual(
      [
        'archive:add',
        'archive:cancel',
        'archive:list',
        'archive:locate',
        'archive:open',
        'archive:open-file',
        'archive:read-entry',
        'archive:remove',
        'archive:save-entry',
        'archive:show-in-folder',
        'archive:verify',
      ].toSorted(),
    );
    for (const channel of archiveChannels) {
      expect(REQUESTS[channel].payload).toBeDefined();
    }
  });
});

describe('documentStore.download.start', () => {
  it.each([
    ['every document', { requestId: 'd1', nhsNumber: '9990000018' }],
    ['the chosen documents', { requestId: 'd1', nhsNumber: '9990000018', documentIds: ['doc-2', 'doc-1'] }],
  ])('invokes download:start for %s with the payload as given, which main accepts', async (_name, request) => {
    const { api, invoke } = apiWithTransport();
    await api.download.start(request);
    expect(invoke).toHaveBeenCalledExactlyOnceWith('download:start', request);
    expect(REQUESTS['download:start'].payload.safeParse(request).success).toBe(true);
  });
});
