import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { SaveError, saveToFolder, type SaveProgress, type SaveRequest } from '../../../main/download/save-file';

const BODY = randomBytes(5 * 1024 * 1024);
const BODY_SHA256 = createHash('sha256').update(BODY).digest('hex');
const FILE_NAME = 'patient-record-9990000018.zip';
const ETAG = '"v1"';
const isRoot = process.getuid?.() === 0;

interface ServerKnobs {
  /** First request only: send this many bytes, then drop the connection. */
  cutFirstAfterBytes?: number;
  /** First request only: send this many bytes, then go silent. */
  stallFirstAfterBytes?: number;
  /** Answer 403 to any URL containing this text, as S3 does for an expired presigned URL. */
  forbidUrlsContaining?: string;
  ignoreRange?: boolean;
  alwaysStatus?: number;
  /** Send the body in 64 KiB pieces with this pause between them. */
  chunkDelayMs?: number;
}

interface SeenRequest {
  readonly url: string;
  readonly range: string | undefined;
  readonly ifMatch: string | undefined;
}

interface TestServer {
  readonly baseUrl: string;
  readonly seen: SeenRequest[];
  knobs: ServerKnobs;
}

let server: http.Server;
let testServer: TestServer;
let folder: string;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const { knobs, seen } = testServer;
  seen.push({ url: request.url ?? '', range: request.headers.range, ifMatch: request.headers['if-match'] });
  response.on('error', () => undefined);
  if (knobs.alwaysStatus !== undefined) {
    response.writeHead(knobs.alwaysStatus).end('failing');
    return;
  }
  if (knobs.forbidUrlsContaining !== undefined && request.url?.includes(knobs.forbidUrlsContaining) === true) {
    response.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
    return;
  }
  const start = rangeStart(request, knobs);
  const slice = BODY.subarray(start);
  const headers: http.OutgoingHttpHeaders = { 'content-length': slice.length, etag: ETAG, 'accept-ranges': 'bytes' };
  if (start > 0) {
    response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
  } else {
    response.writeHead(200, headers);
  }
  sendBody(response, slice, knobs, seen.length === 1);
}

function rangeStart(request: IncomingMessage, knobs: ServerKnobs): number {
  const match = /^bytes=(\d+)-$/u.exec(request.headers.range ?? '');
  return match === null || knobs.ignoreRange === true ? 0 : Number(match[1]);
}

function sendBody(response: ServerResponse, slice: Buffer, knobs: ServerKnobs, isFirst: boolean): void {
  if (isFirst && knobs.cutFirstAfterBytes !== undefined) {
    response.write(slice.subarray(0, knobs.cutFirstAfterBytes), () => response.socket?.destroy());
  } else if (isFirst && knobs.stallFirstAfterBytes !== undefined) {
    response.write(slice.subarray(0, knobs.stallFirstAfterBytes));
  } else if (knobs.chunkDelayMs !== undefined) {
    void trickle(response, slice, knobs.chunkDelayMs);
  } else {
    response.end(slice);
  }
}

async function trickle(response: ServerResponse, slice: Buffer, delayMs: number): Promise<void> {
  for (let start = 0; start < slice.length && !response.destroyed; start += 64 * 1024) {
    response.write(slice.subarray(start, start + 64 * 1024));
    await sleep(delayMs);
  }
  response.end();
}

function request(overrides: Partial<SaveRequest> = {}): SaveRequest {
  return {
    url: `${testServer.baseUrl}/record.zip?sig=current`,
    refreshUrl: () => Promise.resolve(`${testServer.baseUrl}/record.zip?sig=fresh`),
    folder,
    fileName: FILE_NAME,
    expectedSha256: BODY_SHA256,
    expectedBytes: BODY.length,
    retryDelayMs: 1,
    ...overrides,
  };
}

async function saveError(promise: Promise<unknown>): Promise<SaveError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SaveError);
  return error as SaveError;
}

async function folderEntries(): Promise<string[]> {
  return (await fs.readdir(folder)).sort();
}

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

beforeAll(async () => {
  server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  testServer = { baseUrl: `http://127.0.0.1:${port}`, seen: [], knobs: {} };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'save-file-'));
  testServer.seen.length = 0;
  testServer.knobs = {};
});

afterEach(async () => {
  vi.restoreAllMocks();
  server.closeAllConnections();
  await fs.chmod(folder, 0o755).catch(() => undefined);
  await fs.rm(folder, { recursive: true, force: true });
});

describe('saveToFolder', () => {
  it('saves the verified file under the wanted name and leaves no partial file', async () => {
    const progress: SaveProgress[] = [];

    const saved = await saveToFolder(request({ onProgress: (update) => progress.push(update) }));

    expect(saved).toEqual({ path: path.join(folder, FILE_NAME), bytes: BODY.length, sha256: BODY_SHA256 });
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await folderEntries()).toEqual([FILE_NAME]);
    expect(progress.at(-1)).toEqual({ phase: 'verifying', bytesDone: BODY.length, bytesTotal: BODY.length });
    expect(progress.filter((update) => update.phase === 'saving').length).toBeGreaterThan(0);
  });

  it('reports progress at most about ten times a second, plus a final update', async () => {
    testServer.knobs = { chunkDelayMs: 4 };
    const savingTimes: number[] = [];
    const progress: SaveProgress[] = [];
    const onProgress = (update: SaveProgress): void => {
      progress.push(update);
      if (update.phase === 'saving') {
        savingTimes.push(performance.now());
      }
    };

    await saveToFolder(request({ onProgress }));

    expect(savingTimes.length).toBeGreaterThan(1);
    const gaps = savingTimes.slice(1).map((time, index) => time - savingTimes[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(99);
    expect(progress.at(-1)).toEqual({ phase: 'verifying', bytesDone: BODY.length, bytesTotal: BODY.length });
  });

  it('never overwrites: with the name and (1) taken it saves as (2) and leaves the others untouched', async () => {
    await fs.writeFile(path.join(folder, FILE_NAME), 'first');
    await fs.writeFile(path.join(folder, 'patient-record-9990000018(1).zip'), 'second');

    const saved = await saveToFolder(request());

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(2).zip');
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await fs.readFile(path.join(folder, FILE_NAME), 'utf8')).toBe('first');
    expect(await fs.readFile(path.join(folder, 'patient-record-9990000018(1).zip'), 'utf8')).toBe('second');
    expect(await folderEntries()).toHaveLength(3);
  });

  it('gives two saves racing for the same name a file each', async () => {
    const saved = await Promise.all([saveToFolder(request()), saveToFolder(request())]);

    expect(saved.map((file) => path.basename(file.path)).sort()).toEqual([
      'patient-record-9990000018(1).zip',
      FILE_NAME,
    ]);
    for (const file of saved) {
      expect((await fs.readFile(file.path)).equals(BODY)).toBe(true);
    }
    expect(await folderEntries()).toHaveLength(2);
  });

  it('moves on to the next name when the wanted one appears during the download', async () => {
    const squatter = path.join(folder, FILE_NAME);
    let created = false;
    const onProgress = (): void => {
      if (!created) {
        created = true;
        void fs.writeFile(squatter, 'made meanwhile');
      }
    };
    testServer.knobs = { chunkDelayMs: 1 };

    const saved = await saveToFolder(request({ onProgress }));

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(1).zip');
    expect(await fs.readFile(squatter, 'utf8')).toBe('made meanwhile');
    expect(await folderEntries()).toHaveLength(2);
  });

  it('resumes with a Range request after the connection drops, hashing each byte once', async () => {
    testServer.knobs = { cutFirstAfterBytes: 1_234_567 };

    const saved = await saveToFolder(request());

    expect(saved.sha256).toBe(BODY_SHA256);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(testServer.seen).toHaveLength(2);
    const resumed = testServer.seen[1]!;
    expect(resumed.range).toMatch(/^bytes=[1-9]\d*-$/u);
    expect(resumed.ifMatch).toBe(ETAG);
    expect(await folderEntries()).toEqual([FILE_NAME]);
  });

  it('starts again from zero when the server ignores the Range header', async () => {
    testServer.knobs = { cutFirstAfterBytes: 1_000_000, ignoreRange: true };

    const saved = await saveToFolder(request());

    expect(testServer.seen[1]?.range).toMatch(/^bytes=\d+-$/u);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(saved.sha256).toBe(BODY_SHA256);
  });

  it('gives up on a silent connection after the idle timeout and resumes', async () => {
    testServer.knobs = { stallFirstAfterBytes: 500_000 };

    const saved = await saveToFolder(request({ idleTimeoutMs: 200 }));

    expect(testServer.seen[1]?.range).toMatch(/^bytes=[1-9]\d*-$/u);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
  });

  it('asks for a fresh URL when the current one is rejected as expired', async () => {
    testServer.knobs = { forbidUrlsContaining: 'sig=expired' };
    const refreshUrl = vi.fn(() => Promise.resolve(`${testServer.baseUrl}/record.zip?sig=fresh`));

    const saved = await saveToFolder(request({ url: `${testServer.baseUrl}/record.zip?sig=expired`, refreshUrl }));

    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect(testServer.seen.map((seen) => seen.url)).toEqual(['/record.zip?sig=expired', '/record.zip?sig=fresh']);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
  });

  it('refuses a file whose SHA-256 does not match and leaves nothing behind', async () => {
    const error = await saveError(saveToFolder(request({ expectedSha256: '0'.repeat(64) })));

    expect(error.code).toBe('verification-failed');
    expect(error.message).toContain(folder);
    expect(await folderEntries()).toEqual([]);
  });

  it('refuses a file of the wrong size without retrying', async () => {
    const error = await saveError(saveToFolder(request({ expectedBytes: BODY.length - 1 })));

    expect(error.code).toBe('verification-failed');
    expect(testServer.seen).toHaveLength(1);
    expect(await folderEntries()).toEqual([]);
  });

  it.skipIf(isRoot)(
    'reports a read-only folder (skipped as root, which ignores permission bits; the simulated variants below run everywhere)',
    async () => {
      await fs.chmod(folder, 0o555);

      const error = await saveError(saveToFolder(request()));

      expect(error.code).toBe('folder-not-writable');
      expect(error.message).toBe(
        `You cannot save to ${folder}: this folder is read-only. Choose another folder with 'Change folder'.`,
      );
    },
  );

  it('reports a folder on a read-only file system (simulated EROFS)', async () => {
    vi.spyOn(fs, 'access').mockRejectedValueOnce(fsError('EROFS'));

    const error = await saveError(saveToFolder(request()));

    expect(error.code).toBe('folder-not-writable');
    expect(error.message).toContain(folder);
    expect(testServer.seen).toHaveLength(0);
  });

  it('reports a folder that passes the access check but refuses new files, as on Windows (simulated EACCES)', async () => {
    const realOpen = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation((file, flags, mode) =>
      String(file).endsWith('.partial') ? Promise.reject(fsError('EACCES')) : realOpen(file, flags, mode),
    );

    const error = await saveError(saveToFolder(request()));

    expect(error.code).toBe('folder-not-writable');
    expect(await folderEntries()).toEqual([]);
  });

  it('reports a missing folder', async () => {
    const missing = path.join(folder, 'unplugged-drive');

    const error = await saveError(saveToFolder(request({ folder: missing })));

    expect(error.code).toBe('folder-missing');
    expect(error.message).toContain(missing);
  });

  it('reports a "folder" that is really a file, or lies under a file, as missing', async () => {
    const file = path.join(folder, 'not-a-folder');
    await fs.writeFile(file, 'x');

    expect((await saveError(saveToFolder(request({ folder: file })))).code).toBe('folder-missing');
    expect((await saveError(saveToFolder(request({ folder: path.join(file, 'below') })))).code).toBe(
      'folder-missing',
    );
    expect(testServer.seen).toHaveLength(0);
  });

  it('reports a full disk before downloading', async () => {
    const nearlyFull = Object.assign(await fs.statfs(folder), { bavail: 10 });
    vi.spyOn(fs, 'statfs').mockResolvedValueOnce(nearlyFull);

    const error = await saveError(saveToFolder(request()));

    expect(error.code).toBe('disk-full');
    expect(error.message).toContain(folder);
    expect(testServer.seen).toHaveLength(0);
  });

  it('cancels mid-download and removes the partial file', async () => {
    testServer.knobs = { chunkDelayMs: 5 };
    const controller = new AbortController();
    const onProgress = (update: SaveProgress): void => {
      if (update.bytesDone > 0) {
        controller.abort();
      }
    };

    const error = await saveError(saveToFolder(request({ signal: controller.signal, onProgress })));

    expect(error.code).toBe('cancelled');
    expect(await folderEntries()).toEqual([]);
  });

  it('cancels while waiting to retry', async () => {
    testServer.knobs = { alwaysStatus: 503 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await saveError(saveToFolder(request({ signal: controller.signal, retryDelayMs: 60_000 })));

    expect(error.code).toBe('cancelled');
    expect(await folderEntries()).toEqual([]);
  });

  it('fails with download-failed after five tries when the server keeps failing, leaving no partial file', async () => {
    testServer.knobs = { alwaysStatus: 503 };

    const error = await saveError(saveToFolder(request()));

    expect(error.code).toBe('download-failed');
    expect(error.message).not.toMatch(/\bat\s/u);
    expect(testServer.seen).toHaveLength(5);
    expect(await folderEntries()).toEqual([]);
  });

  it('does not retry an answer that retrying cannot fix', async () => {
    testServer.knobs = { alwaysStatus: 404 };

    const error = await saveError(saveToFolder(request()));

    expect(error.code).toBe('download-failed');
    expect(error.message).toContain('404');
    expect(testServer.seen).toHaveLength(1);
    expect(await folderEntries()).toEqual([]);
  });

  it('falls back to claiming the name and renaming where hard links are unsupported, retrying a busy rename', async () => {
    await fs.writeFile(path.join(folder, FILE_NAME), 'existing');
    vi.spyOn(fs, 'link').mockRejectedValue(fsError('EPERM'));
    const realRename = fs.rename.bind(fs);
    const rename = vi
      .spyOn(fs, 'rename')
      .mockRejectedValueOnce(fsError('EBUSY'))
      .mockRejectedValueOnce(fsError('EPERM'))
      .mockImplementation(realRename);

    const saved = await saveToFolder(request());

    expect(path.basename(saved.path)).toBe('patient-record-9990000018(1).zip');
    expect(rename).toHaveBeenCalledTimes(3);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(await fs.readFile(path.join(folder, FILE_NAME), 'utf8')).toBe('existing');
    expect(await folderEntries()).toHaveLength(2);
  });
});
