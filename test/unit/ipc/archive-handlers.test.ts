// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArchiveError } from '../../../main/archive/archive-error.js';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { archiveEntryFromDownload } from '../../../main/archive/record-download.js';
import { createHandlers } from '../../../main/ipc/handlers.js';
import { createSettingsStore } from '../../../main/settings/settings-store.js';
import type { RequestChannel } from '../../../common/channels.js';
import type { ArchiveDocument, ArchiveEntryView, ArchiveImport, ArchiveListing, ArchiveProgress, ZipListing } from '../../../common/archive.js';
import type { Result } from '../../../common/result.js';
import {
  OTHER_NHS_NUMBER,
  PDF,
  PNG,
  type OurZip,
  manifestFor,
  openTestIndex,
  sha256,
  summaryFor,
  tempFolder,
  writeOurZip,
} from '../archive/archive-fixtures.js';
import { APP_INFO, fakePlatform, fakeServices } from '../../support/ipc-fakes.js';
import type { Session } from '../../../main/identity/session.js';
import { ALICE, sessionRig } from '../identity/support/session-fakes.js';

const DOCUMENTS = [
  { name: 'Letter.pdf', data: PDF },
  { name: 'scans/ECG trace.png', data: PNG },
];
const ARCHIVE_CHANNELS: ReadonlyArray<RequestChannel> = [
  'archive:list',
  'archive:verify',
  'archive:locate',
  'archive:remove',
  'archive:open',
  'archive:read-entry',
  'archive:save-entry',
  'archive:add',
  'archive:show-in-folder',
  'archive:open-file',
  'archive:cancel',
];

type Folder = Awaited<ReturnType<typeof tempFolder>>;

function setUp(
  options: { readonly archive?: () => ArchiveIndex; readonly archiveViewLimitBytes?: number; readonly archiveRequiresSignIn?: boolean; readonly session?: Session } = {},
) {
  const services = fakeServices();
  const settings = createSettingsStore(new Map<string, unknown>());
  const platform = fakePlatform();
  const handlers = createHandlers({ services, settings, platform, appInfo: () => Promise.resolve(APP_INFO), ...options });
  // What the requesting window hears while a call runs.
  const emit = vi.fn<(channel: string, event: unknown) => void>();
  const call = <T = unknown>(channel: RequestChannel, payload?: unknown) => handlers[channel](payload, emit) as Promise<Result<T>>;
  const progressEvents = (): ArchiveProgress[] =>
    emit.mock.calls.filter(([channel]) => channel === 'archive:progress').map(([, event]) => event as ArchiveProgress);
  return { platform, call, emit, progressEvents };
}

/** Every platform call the archive could make; none may happen for a refused request. */
function expectNoPlatformCalls(platform: ReturnType<typeof fakePlatform>): void {
  for (const method of [platform.chooseZip, platform.chooseLocation, platform.chooseSaveCopyPath, platform.showInFolder, platform.openFile]) {
    expect(method).not.toHaveBeenCalled();
  }
}

describe('archive handlers', () => {
  let dataDir: Folder;
  let saves: Folder;
  let index: ArchiveIndex;
  let zip: OurZip;
  let id: string;

  beforeEach(async () => {
    dataDir = await tempFolder('ipc-archive-data');
    saves = await tempFolder('ipc-archive-saves');
    index = openTestIndex(dataDir.path);
    zip = await writeOurZip(join(saves.path, 'patient-record-9990000018.zip'), DOCUMENTS);
    id = index.add(archiveEntryFromDownload(summaryFor(zip), zip.manifest, 'sandbox')).id;
  });
  afterEach(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  const withArchive = (options: { readonly archiveViewLimitBytes?: number } = {}) => setUp({ archive: () => index, ...options });

  describe('payload validation: ids and entry names only, never a path', () => {
    it.each<[RequestChannel, unknown]>([
      ['archive:open', { path: '/etc/passwd' }],
      ['archive:open', { id: 'x', path: '/etc/passwd' }],
      ['archive:open', { file: '/home/user/record.zip' }],
      ['archive:open', { id: '' }],
      ['archive:open', { id: 42 }],
      ['archive:open', 'some-id'],
      ['archive:open', undefined],
      ['archive:read-entry', { id: 'x' }],
      ['archive:read-entry', { id: 'x', entryName: '' }],
      ['archive:read-entry', { id: 'x', entryName: 'Letter.pdf', path: '/tmp/other.zip' }],
      ['archive:read-entry', { id: 'x', entryName: 'Letter.pdf', maxBytes: 1e12 }],
      ['archive:save-entry', { id: 'x', entryName: 'Letter.pdf', target: '/etc/cron.d/evil' }],
      ['archive:save-entry', { id: 'x', entryName: 'a'.repeat(5_000) }],
      ['archive:locate', { id: 'x', newPath: '/tmp/elsewhere.zip' }],
      ['archive:add', { file: '/etc/passwd' }],
      ['archive:add', '/etc/passwd'],
      ['archive:add', {}],
      ['archive:remove', { id: 'x' }],
      ['archive:remove', { id: 'x', deleteFile: 'yes' }],
      ['archive:remove', { id: 'x', deleteFile: true, path: '/etc/passwd' }],
      ['archive:verify', {}],
      ['archive:verify', { all: false }],
      ['archive:verify', { id: 'x', all: true }],
      ['archive:verify', { path: '/etc/passwd' }],
      ['archive:list', { nhsNumber: 9990000018 }],
      ['archive:list', { folder: '/tmp' }],
      ['archive:list', undefined],
      ['archive:show-in-folder', { file: '/etc/passwd' }],
      ['archive:open-file', { id: 'x'.repeat(101) }],
      ['archive:open-file', { id: 'x', file: '/usr/bin/evil' }],
    ])('refuses %s with %j before anything runs', async (channel, payload) => {
      const { call, platform } = withArchive();
      expect(await call(channel, payload)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
      expectNoPlatformCalls(platform);
    });

    it('never reads a path smuggled in as an id or an entry name', async () => {
      const { call, platform } = withArchive();
      expect(await call('archive:open', { id: zip.file })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await call('archive:read-entry', { id, entryName: '../../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'entry-not-found' } });
      expect(await call('archive:read-entry', { id, entryName: zip.file })).toMatchObject({ ok: false, error: { code: 'entry-not-found' } });
      expect(await call('archive:save-entry', { id, entryName: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'entry-not-found' } });
      expectNoPlatformCalls(platform);
    });
  });

  describe('unknown ids', () => {
    it.each<[RequestChannel, Record<string, unknown>]>([
      ['archive:verify', {}],
      ['archive:locate', {}],
      ['archive:remove', { deleteFile: false }],
      ['archive:remove', { deleteFile: true }],
      ['archive:open', {}],
      ['archive:read-entry', { entryName: 'Letter.pdf' }],
      ['archive:save-entry', { entryName: 'Letter.pdf' }],
      ['archive:show-in-folder', {}],
      ['archive:open-file', {}],
    ])('%s answers not-found for an id the archive does not hold, and asks nothing of the platform', async (channel, rest) => {
      const { call, platform } = withArchive();
      const result = await call(channel, { id: '00000000-0000-4000-8000-000000000000', ...rest });
      expect(result).toEqual({ ok: false, error: { code: 'not-found', message: expect.stringContaining('no longer in the archive') } });
      expectNoPlatformCalls(platform);
      await expect(access(zip.file)).resolves.toBeUndefined();
    });
  });

  it('opens for nobody signed in when the policy keeps saved records for people signed in, and for the signed-in person', async () => {
    const rig = sessionRig();
    const { call } = setUp({ archive: () => index, archiveRequiresSignIn: true, session: rig.session });
    expect(await call('archive:list', {})).toEqual({ ok: false, error: { code: 'not-signed-in', message: expect.stringContaining('Sign in to open the archive') } });

    await rig.signInAs(ALICE);
    expect(await call('archive:list', {})).toMatchObject({ ok: true });
  });

  it('answers archive-unavailable on every archive channel when main has no archive', async () => {
    const { call } = setUp();
    const valid: Readonly<Record<string, unknown>> = {
      'archive:list': {},
      'archive:verify': { all: true },
      'archive:remove': { id, deleteFile: false },
      'archive:read-entry': { id, entryName: 'Letter.pdf' },
      'archive:save-entry': { id, entryName: 'Letter.pdf' },
      'archive:add': undefined,
      'archive:cancel': undefined,
    };
    for (const channel of ARCHIVE_CHANNELS) {
      const payload = channel in valid ? valid[channel] : { id };
      expect(await call(channel, payload)).toEqual({ ok: false, error: { code: 'archive-unavailable', message: expect.any(String) } });
    }
  });

  it('turns an index that cannot be opened into an archive error, not a crash', async () => {
    const { call } = setUp({
      archive: () => {
        throw new ArchiveError('index-unreadable', 'The archive list cannot be read.');
      },
    });
    expect(await call('archive:list', {})).toEqual({ ok: false, error: { code: 'index-unreadable', message: 'The archive list cannot be read.' } });
  });

  describe('list and verify', () => {
    it('lists newest first with the recovery notice, and filters by NHS number', async () => {
      const other = await writeOurZip(join(saves.path, 'other.zip'), DOCUMENTS, manifestFor(DOCUMENTS, { nhsNumber: OTHER_NHS_NUMBER }));
      const otherId = index.add(archiveEntryFromDownload(summaryFor(other, '2025-01-01T00:00:00.000Z'), other.manifest, 'sandbox')).id;
      const { call } = withArchive();

      const all = await call<ArchiveListing>('archive:list', {});
      expect(all.ok && all.value.entries.map((view) => view.entry.id)).toEqual([otherId, id]);
      expect(all.ok && all.value.recovered).toBeNull();
      expect(all.ok && all.value.entries[0]?.status).toBeNull();

      const one = await call<ArchiveListing>('archive:list', { nhsNumber: '999 000 0018' });
      expect(one.ok && one.value.entries.map((view) => view.entry.id)).toEqual([id]);
      expect(await call('archive:list', { nhsNumber: '1234567890' })).toMatchObject({ ok: false, error: { code: 'invalid-nhs-number' } });
    });

    it('verifies one entry or all: verified, changed and missing', async () => {
      const { call } = withArchive();
      expect(await call<ArchiveEntryView[]>('archive:verify', { id })).toMatchObject({ ok: true, value: [{ entry: { id }, status: 'verified' }] });

      const bytes = await readFile(zip.file);
      bytes[10] = (bytes[10] ?? 0) ^ 0xff;
      await writeFile(zip.file, bytes);
      expect(await call<ArchiveEntryView[]>('archive:verify', { all: true })).toMatchObject({ ok: true, value: [{ status: 'changed' }] });

      await rename(zip.file, `${zip.file}.moved`);
      expect(await call<ArchiveEntryView[]>('archive:verify', { all: true })).toMatchObject({ ok: true, value: [{ status: 'missing' }] });
    });
  });

  describe('remove', () => {
    it('removes the entry and keeps the file without deleteFile', async () => {
      const { call } = withArchive();
      expect(await call('archive:remove', { id, deleteFile: false })).toEqual({ ok: true, value: { file: zip.file, fileDeleted: false } });
      expect(index.get(id)).toBeUndefined();
      await expect(access(zip.file)).resolves.toBeUndefined();
    });

    it('deletes the file too with deleteFile', async () => {
      const { call } = withArchive();
      expect(await call('archive:remove', { id, deleteFile: true })).toEqual({ ok: true, value: { file: zip.file, fileDeleted: true } });
      expect(index.get(id)).toBeUndefined();
      await expect(access(zip.file)).rejects.toThrow();
    });

    it('refuses to delete a file that changed, and keeps it listed', async () => {
      await writeFile(zip.file, Buffer.alloc(zip.bytes, 1));
      const { call } = withArchive();
      expect(await call('archive:remove', { id, deleteFile: true })).toMatchObject({ ok: false, error: { code: 'file-changed' } });
      expect(index.get(id)).toBeDefined();
      await expect(access(zip.file)).resolves.toBeUndefined();
    });
  });

  describe('open and read-entry', () => {
    it('lists the ZIP offline, checked against its manifest', async () => {
      const { call } = withArchive();
      const opened = await call<ZipListing>('archive:open', { id });
      expect(opened).toMatchObject({ ok: true, value: { file: zip.file, manifest: { verified: true } } });
      expect(opened.ok && opened.value.entries.map((entry) => [entry.name, entry.contentType, entry.viewable, entry.check])).toEqual([
        ['Letter.pdf', 'application/pdf', true, 'matches'],
        ['scans/ECG trace.png', 'image/png', true, 'matches'],
      ]);
    });

    it('sends one document as base64 with its size and SHA-256', async () => {
      const { call } = withArchive();
      const read = await call<ArchiveDocument>('archive:read-entry', { id, entryName: 'scans/ECG trace.png' });
      expect(read).toEqual({ ok: true, value: { name: 'scans/ECG trace.png', contentType: 'image/png', sha256: sha256(PNG), size: PNG.length, base64: PNG.toString('base64') } });
    });

    it('refuses a document over the size cap with too-large, and sends one at the cap', async () => {
      const over = withArchive({ archiveViewLimitBytes: PDF.length - 1 });
      expect(await over.call('archive:read-entry', { id, entryName: 'Letter.pdf' })).toEqual({
        ok: false,
        error: { code: 'too-large', message: expect.stringContaining('too large to show here') },
      });
      const at = withArchive({ archiveViewLimitBytes: PDF.length });
      expect(await at.call('archive:read-entry', { id, entryName: 'Letter.pdf' })).toMatchObject({ ok: true, value: { size: PDF.length } });
    });

    it('says the file is missing when the ZIP was moved', async () => {
      await rename(zip.file, `${zip.file}.moved`);
      const { call } = withArchive();
      expect(await call('archive:open', { id })).toMatchObject({ ok: false, error: { code: 'file-missing' } });
      expect(await call('archive:read-entry', { id, entryName: 'Letter.pdf' })).toMatchObject({ ok: false, error: { code: 'file-missing' } });
    });
  });

  describe('save-entry', () => {
    it('writes the one document where the platform dialog said, suggesting its own file name', async () => {
      const { call, platform } = withArchive();
      const target = join(saves.path, 'copy of ECG.png');
      platform.chooseSaveCopyPath.mockResolvedValueOnce(target);
      expect(await call('archive:save-entry', { id, entryName: 'scans/ECG trace.png' })).toEqual({ ok: true, value: { file: target } });
      expect(platform.chooseSaveCopyPath).toHaveBeenCalledExactlyOnceWith('ECG trace.png');
      expect(await readFile(target)).toEqual(PNG);
    });

    it('answers null when the user cancels, and never asks for an entry the ZIP lacks', async () => {
      const { call, platform } = withArchive();
      expect(await call('archive:save-entry', { id, entryName: 'Letter.pdf' })).toEqual({ ok: true, value: null });
      expect(await call('archive:save-entry', { id, entryName: 'Not there.pdf' })).toMatchObject({ ok: false, error: { code: 'entry-not-found' } });
      expect(platform.chooseSaveCopyPath).toHaveBeenCalledOnce();
    });

    it('will not save a copy over the ZIP it comes from', async () => {
      const { call, platform } = withArchive();
      platform.chooseSaveCopyPath.mockResolvedValueOnce(zip.file);
      expect(await call('archive:save-entry', { id, entryName: 'Letter.pdf' })).toMatchObject({ ok: false, error: { code: 'save-failed' } });
      expect(await readFile(zip.file)).toHaveLength(zip.bytes);
    });
  });

  describe('locate', () => {
    it('points the entry at the file the user picked when its SHA-256 matches', async () => {
      const moved = join(saves.path, 'moved.zip');
      await rename(zip.file, moved);
      const { call, platform } = withArchive();
      platform.chooseLocation.mockResolvedValueOnce(moved);
      expect(await call('archive:locate', { id })).toMatchObject({ ok: true, value: { entry: { id, path: moved }, status: 'verified' } });
      expect(platform.chooseLocation).toHaveBeenCalledWith(expect.objectContaining({ id, path: zip.file }));
      expect(index.get(id)?.path).toBe(moved);
    });

    it('refuses a different file and keeps the old path; null when the user cancels', async () => {
      const other = await writeOurZip(join(saves.path, 'other.zip'), [{ name: 'Other.pdf', data: PDF }]);
      const { call, platform } = withArchive();
      expect(await call('archive:locate', { id })).toEqual({ ok: true, value: null });
      platform.chooseLocation.mockResolvedValueOnce(other.file);
      expect(await call('archive:locate', { id })).toMatchObject({ ok: false, error: { code: 'hash-mismatch' } });
      expect(index.get(id)?.path).toBe(zip.file);
    });
  });

  describe('add', () => {
    it('imports the ZIP the platform dialog chose, with its manifest checked', async () => {
      const added = await writeOurZip(join(saves.path, 'from a colleague.zip'), DOCUMENTS, manifestFor(DOCUMENTS, { nhsNumber: OTHER_NHS_NUMBER }));
      const { call, platform } = withArchive();
      platform.chooseZip.mockResolvedValueOnce(added.file);
      const result = await call<ArchiveImport>('archive:add', undefined);
      expect(result).toMatchObject({
        ok: true,
        value: { alreadyArchived: false, entry: { source: 'import', nhsNumber: OTHER_NHS_NUMBER, path: added.file, manifestVerified: true }, listing: { manifest: { verified: true } } },
      });
      expect(index.list()).toHaveLength(2);
    });

    it('answers null when the user cancels, and not-a-zip for a file that is not one', async () => {
      const { call, platform } = withArchive();
      expect(await call('archive:add', undefined)).toEqual({ ok: true, value: null });
      const text = join(saves.path, 'notes.zip');
      await writeFile(text, 'not a zip at all');
      platform.chooseZip.mockResolvedValueOnce(text);
      expect(await call('archive:add', undefined)).toMatchObject({ ok: false, error: { code: 'not-a-zip' } });
      expect(index.list()).toHaveLength(1);
    });
  });

  describe('show in folder and open', () => {
    it('passes the path from the index to the platform', async () => {
      const { call, platform } = withArchive();
      expect(await call('archive:show-in-folder', { id })).toEqual({ ok: true, value: null });
      expect(platform.showInFolder).toHaveBeenCalledExactlyOnceWith(zip.file);
      expect(await call('archive:open-file', { id })).toEqual({ ok: true, value: null });
      expect(platform.openFile).toHaveBeenCalledExactlyOnceWith(zip.file);
    });

    it('points at "Locate…" when the file is gone, and reports a file the OS could not open', async () => {
      const { call, platform } = withArchive();
      platform.openFile.mockResolvedValueOnce('No application is associated with this file');
      expect(await call('archive:open-file', { id })).toMatchObject({ ok: false, error: { code: 'file-unreadable', message: expect.stringContaining('No application') } });
      await rename(zip.file, `${zip.file}.moved`);
      expect(await call('archive:show-in-folder', { id })).toMatchObject({ ok: false, error: { code: 'file-missing', message: expect.stringContaining('Locate') } });
      expect(platform.showInFolder).not.toHaveBeenCalled();
    });
  });

  describe('progress and cancel for the long work', () => {
    const MIB = 1024 ** 2;
    // Random bytes do not compress: hashing and listing both read every byte, in hundreds of chunks.
    const SCAN = { name: 'Scan.pdf', data: randomBytes(16 * MIB) };
    let big: OurZip;
    let bigId: string;
    /** A clock that moves 10 ms whenever it is read, so "per second" depends on the work done, not on the machine. */
    let clock: number;

    beforeEach(async () => {
      big = await writeOurZip(join(saves.path, 'patient-record-big.zip'), [SCAN, ...DOCUMENTS]);
      bigId = index.add(archiveEntryFromDownload(summaryFor(big, '2020-01-01T00:00:00.000Z'), big.manifest, 'sandbox')).id;
      clock = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10));
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /** At most one update per 250 ms of the clock, plus the forced first and last of each phase. */
    const expectThrottled = (events: ReadonlyArray<ArchiveProgress>, phases: number) => {
      expect(events.length).toBeGreaterThan(2 * phases);
      expect(events.length).toBeLessThanOrEqual(Math.ceil(clock / 250) + 2 * phases);
    };

    it('reports hashing then listing while a large ZIP is added, throttled, ending on the finished state', async () => {
      const { call, platform, progressEvents } = withArchive();
      platform.chooseZip.mockResolvedValueOnce(big.file);
      // The archive already holds this file: add answers alreadyArchived after hashing and listing it all.
      expect(await call('archive:add', undefined)).toMatchObject({ ok: true, value: { alreadyArchived: true } });

      const events = progressEvents();
      expectThrottled(events, 2);
      const hashing = events.filter((event) => event.phase === 'hashing');
      const listing = events.filter((event) => event.phase === 'listing');
      expect(events).toEqual([...hashing, ...listing]);
      expect(hashing.at(-1)).toEqual({ phase: 'hashing', doneBytes: big.bytes, totalBytes: big.bytes });
      const documentBytes = SCAN.data.length + PDF.length + PNG.length;
      expect(events.at(-1)).toEqual({ phase: 'listing', doneBytes: documentBytes, totalBytes: documentBytes });
      for (const phase of [hashing, listing]) {
        const done = phase.map((event) => event.doneBytes);
        expect(done).toEqual([...done].sort((a, b) => a - b));
      }
    });

    it('reports while a large ZIP is opened', async () => {
      const { call, progressEvents } = withArchive();
      expect(await call('archive:open', { id: bigId })).toMatchObject({ ok: true });
      expectThrottled(progressEvents(), 1);
      expect(progressEvents().every((event) => event.phase === 'listing')).toBe(true);
    });

    it('reports hashing while one entry is verified or located', async () => {
      const { call, platform, progressEvents } = withArchive();
      expect(await call('archive:verify', { id: bigId })).toMatchObject({ ok: true, value: [{ status: 'verified' }] });
      expectThrottled(progressEvents(), 1);
      expect(progressEvents().at(-1)).toEqual({ phase: 'hashing', doneBytes: big.bytes, totalBytes: big.bytes });

      const located = setUp({ archive: () => index });
      located.platform.chooseLocation.mockResolvedValueOnce(big.file);
      expect(await located.call('archive:locate', { id: bigId })).toMatchObject({ ok: true, value: { status: 'verified' } });
      expect(located.progressEvents().at(-1)).toEqual({ phase: 'hashing', doneBytes: big.bytes, totalBytes: big.bytes });
      expect(platform.chooseLocation).not.toHaveBeenCalled();
    });

    it('reports "verify all" as one measure over every entry, ending when all are checked', async () => {
      const { call, progressEvents } = withArchive();
      expect(await call('archive:verify', { all: true })).toMatchObject({ ok: true, value: [{ status: 'verified' }, { status: 'verified' }] });
      const total = big.bytes + zip.bytes;
      expect(progressEvents().every((event) => event.totalBytes === total)).toBe(true);
      expect(progressEvents().at(-1)).toEqual({ phase: 'hashing', doneBytes: total, totalBytes: total });
    });

    it('cancel during a slow hash answers cancelled for the running call, and the next call runs', async () => {
      const { call, emit, progressEvents } = withArchive();
      emit.mockImplementationOnce((channel) => {
        // Pressed as soon as the window hears the first progress: the hash is then still running.
        expect(channel).toBe('archive:progress');
        void call('archive:cancel', undefined);
      });

      expect(await call('archive:verify', { id: bigId })).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('Stopped') } });
      expect(progressEvents()[0]?.doneBytes).toBeLessThan(big.bytes);
      expect(await call('archive:verify', { id: bigId })).toMatchObject({ ok: true, value: [{ status: 'verified' }] });
    });
  });
});
