import { createHash, type Hash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https, { type Agent } from 'node:https';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodedError, systemErrorCode } from '../errors.js';

/** What to download, where to put it, and what it must hash to. */
export interface SaveRequest {
  /** Presigned GET URL (http: in the sandbox, https: in AWS). */
  readonly url: string;
  /** Gives a fresh presigned URL when the current one is rejected as expired (HTTP 403). */
  readonly refreshUrl: () => Promise<string>;
  /** Absolute folder path chosen by the user. */
  readonly folder: string;
  /** Wanted file name, e.g. 'patient-record-9990000018.zip'; 'name(1).zip', 'name(2).zip', … when taken. */
  readonly fileName: string;
  /** SHA-256 of the ZIP as hex, recorded at upload. */
  readonly expectedSha256: string;
  /** Size of the ZIP in bytes, recorded at upload. */
  readonly expectedBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SaveProgress) => void;
  /** First retry delay in ms, doubled per failed try; defaults to 200. */
  readonly retryDelayMs?: number;
  /** How long a connection may stay silent before the try is abandoned; defaults to 30 s. */
  readonly idleTimeoutMs?: number;
  /** The corporate CA bundle and proxy (main/aws/tls.ts) for https: URLs; Node's global agent without it. */
  readonly httpsAgent?: Agent;
}

/** One progress update; at most about ten a second plus a final one. */
export interface SaveProgress {
  readonly phase: 'saving' | 'verifying';
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** The verified file as it now sits in the user's folder. */
export interface SavedFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Why a save failed, for the UI to pick its next step. */
export type SaveErrorCode =
  | 'folder-not-writable'
  | 'folder-missing'
  | 'disk-full'
  | 'download-failed'
  | 'verification-failed'
  | 'cancelled';

/** A failed save; the message is plain words for a practice user and says what to do next. */
export class SaveError extends CodedError<SaveErrorCode> {}

const PARTIAL_SUFFIX = '.partial';
const DEFAULT_RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 5_000;
// Counted per run of tries that bring no new bytes, so a long download over a flaky link is not abandoned while it advances.
const MAX_TRIES_WITHOUT_PROGRESS = 5;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const PROGRESS_INTERVAL_MS = 100;
const FREE_SPACE_MARGIN_BYTES = 1024 * 1024;
const MAX_NAME_CANDIDATES = 1000;
// Windows antivirus and indexers hold new files open briefly; graceful-fs and VS Code retry renames for the same reason.
const TRANSIENT_FS_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
const TRANSIENT_FS_BUDGET_MS = 3_000;
const RETRYABLE_STATUSES = new Set([403, 408, 429, 500, 502, 503, 504]);
// The object changed (412) or our offset is past its end (416): the bytes we hold are useless.
const RESTART_STATUSES = new Set([412, 416]);

const MESSAGES: Readonly<Record<SaveErrorCode, (folder: string) => string>> = {
  'folder-missing': (folder) =>
    `The folder ${folder} cannot be found. It may have been moved, renamed or disconnected. Choose another folder with 'Change folder'.`,
  'folder-not-writable': (folder) =>
    `You cannot save to ${folder}: this folder is read-only. Choose another folder with 'Change folder'.`,
  'disk-full': (folder) =>
    `There is not enough free space to save the record in ${folder}. Free up some space, or choose another folder with 'Change folder'.`,
  'download-failed': () =>
    'The record could not be downloaded because the connection kept failing. Check your internet connection and try again.',
  'verification-failed': (folder) =>
    `The downloaded record did not match the stored copy, so nothing was saved to ${folder}. Try the download again.`,
  cancelled: (folder) => `The download was cancelled. Nothing was saved to ${folder}.`,
};

interface Reservation {
  /** Which candidate name ('name', 'name(1)', …) the partial file reserves. */
  readonly index: number;
  readonly partialPath: string;
  readonly handle: FileHandle;
}

interface Transfer {
  url: string;
  offset: number;
  hash: Hash;
  etag: string | undefined;
}

type ReportProgress = (phase: SaveProgress['phase'], bytesDone: number, force?: boolean) => void;

interface Job {
  readonly request: SaveRequest;
  readonly handle: FileHandle;
  readonly transfer: Transfer;
  readonly report: ReportProgress;
  readonly syncer: BackgroundSync;
}

/** Downloads the ZIP into the chosen folder under a free name, verified by size and SHA-256; throws SaveError. */
export async function saveToFolder(request: SaveRequest): Promise<SavedFile> {
  try {
    request.signal?.throwIfAborted();
    assertPlainFileName(request.fileName);
    await checkFolder(request.folder, request.expectedBytes);
    return await saveReserved(request, await reserveName(request.folder, request.fileName));
  } catch (error) {
    throw toSaveError(error, request);
  }
}

function toSaveError(error: unknown, request: SaveRequest): SaveError {
  if (error instanceof SaveError) {
    return error;
  }
  if (request.signal?.aborted === true) {
    return saveError('cancelled', request.folder, error);
  }
  return new SaveError(
    'download-failed',
    'The record could not be saved because of an unexpected problem. Try again; if it keeps happening, contact your IT service desk.',
    { cause: error },
  );
}

function saveError(code: SaveErrorCode, folder: string, cause?: unknown): SaveError {
  return new SaveError(code, MESSAGES[code](folder), { cause });
}

// The name is joined onto the user's folder, so it must not be able to climb out of it.
function assertPlainFileName(fileName: string): void {
  if (fileName === '' || fileName === '.' || fileName === '..' || /[\\/]/u.test(fileName)) {
    throw new TypeError(`Not a plain file name: ${JSON.stringify(fileName)}`);
  }
}

async function checkFolder(folder: string, expectedBytes: number): Promise<void> {
  if (!path.isAbsolute(folder)) {
    throw saveError('folder-missing', folder);
  }
  const stats = await fs.stat(folder).catch((error: unknown) => {
    throw fsSaveError(error, folder);
  });
  if (!stats.isDirectory()) {
    throw saveError('folder-missing', folder);
  }
  // Windows answers yes for most folders; opening the partial file is the check that really decides.
  await fs.access(folder, fsConstants.W_OK).catch((error: unknown) => {
    throw fsSaveError(error, folder);
  });
  await checkFreeSpace(folder, expectedBytes);
}

async function checkFreeSpace(folder: string, expectedBytes: number): Promise<void> {
  const statfs = (fs as Partial<typeof fs>).statfs;
  if (statfs === undefined) {
    return;
  }
  // Some network drives and pseudo file systems (sysfs, some FUSE mounts) cannot report free space: statfs fails, or
  // reports a size of zero blocks. The write itself still catches a full disk.
  const space = await statfs(folder).catch(() => undefined);
  if (space === undefined || space.blocks === 0) {
    return;
  }
  if (space.bavail * space.bsize < expectedBytes + FREE_SPACE_MARGIN_BYTES) {
    throw saveError('disk-full', folder);
  }
}

function fsSaveError(error: unknown, folder: string): SaveError {
  switch (systemErrorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return saveError('folder-missing', folder, error);
    case 'ENOSPC':
    case 'EDQUOT':
      return saveError('disk-full', folder, error);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return saveError('folder-not-writable', folder, error);
    default:
      return new SaveError(
        'folder-not-writable',
        `The record could not be written to ${folder}. Try again, or choose another folder with 'Change folder'.`,
        { cause: error },
      );
  }
}

/** 'name.zip' for index 0, then 'name(1).zip', 'name(2).zip', … */
function candidateName(fileName: string, index: number): string {
  if (index === 0) {
    return fileName;
  }
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}(${index})${fileName.slice(dot)}` : `${fileName}(${index})`;
}

// Name reservation: '<name>.partial' is created with O_EXCL ('wx'), so of two saves racing for the same name only one
// wins it and the other moves on to '(1)'. No empty file ever appears under a final name; the final name is only taken
// at the end, by an operation that fails rather than overwrite (see placeWithoutOverwrite).
async function reserveName(folder: string, fileName: string): Promise<Reservation> {
  for (let index = 0; index < MAX_NAME_CANDIDATES; index++) {
    const target = path.join(folder, candidateName(fileName, index));
    if (await pathExists(target, folder)) {
      continue;
    }
    const partialPath = `${target}${PARTIAL_SUFFIX}`;
    const handle = await createExclusive(partialPath, folder);
    if (handle !== undefined) {
      return { index, partialPath, handle };
    }
  }
  throw tooManyNames(folder, fileName);
}

function tooManyNames(folder: string, fileName: string): SaveError {
  return new SaveError(
    'folder-not-writable',
    `There are already too many files called ${fileName} in ${folder}. Move some of them, or choose another folder with 'Change folder'.`,
  );
}

async function pathExists(filePath: string, folder: string): Promise<boolean> {
  try {
    await fs.lstat(filePath);
    return true;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') {
      return false;
    }
    throw fsSaveError(error, folder);
  }
}

/** Creates the file only if nothing has that name; undefined when something does. */
async function createExclusive(filePath: string, folder: string): Promise<FileHandle | undefined> {
  try {
    return await fs.open(filePath, 'wx');
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') {
      return undefined;
    }
    throw fsSaveError(error, folder);
  }
}

async function saveReserved(request: SaveRequest, reservation: Reservation): Promise<SavedFile> {
  try {
    const sha256 = await closeAfter(reservation.handle, () => downloadAndVerify(request, reservation.handle));
    request.signal?.throwIfAborted();
    const finalPath = await commit(request, reservation);
    await syncFolder(request.folder);
    return { path: finalPath, bytes: request.expectedBytes, sha256 };
  } catch (error) {
    await removeQuietly(reservation.partialPath);
    throw error;
  }
}

// Windows cannot delete or rename a file that is still open, so the handle is closed on every path before cleanup.
async function closeAfter<T>(handle: FileHandle, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  await handle.close();
  return result;
}

async function removeQuietly(filePath: string): Promise<void> {
  await retryTransientFsError(() => fs.rm(filePath, { force: true })).catch(() => undefined);
}

async function downloadAndVerify(request: SaveRequest, handle: FileHandle): Promise<string> {
  const transfer: Transfer = { url: request.url, offset: 0, hash: createHash('sha256'), etag: undefined };
  const job: Job = { request, handle, transfer, report: progressReporter(request), syncer: backgroundSync(handle) };
  await downloadWithRetries(job);
  return verify(job);
}

function progressReporter(request: SaveRequest): ReportProgress {
  let lastReportAt = Number.NEGATIVE_INFINITY;
  return (phase, bytesDone, force = false) => {
    const now = performance.now();
    if (request.onProgress === undefined || (!force && now - lastReportAt < PROGRESS_INTERVAL_MS)) {
      return;
    }
    lastReportAt = now;
    request.onProgress({ phase, bytesDone, bytesTotal: request.expectedBytes });
  };
}

// A SaveError means retrying cannot help (full disk, wrong object, 404); anything else is treated as a network hiccup.
async function downloadWithRetries(job: Job): Promise<void> {
  const { request, transfer } = job;
  for (let failures = 0; ; ) {
    const offsetBefore = transfer.offset;
    try {
      await downloadOnce(job);
      return;
    } catch (error) {
      if (error instanceof SaveError || request.signal?.aborted === true) {
        throw error;
      }
      failures = transfer.offset > offsetBefore ? 1 : failures + 1;
      if (failures >= MAX_TRIES_WITHOUT_PROGRESS) {
        throw saveError('download-failed', request.folder, error);
      }
      await sleep(retryDelay(request, failures), undefined, { signal: request.signal });
    }
  }
}

function retryDelay(request: SaveRequest, failures: number): number {
  return Math.min((request.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
}

async function downloadOnce(job: Job): Promise<void> {
  const response = await getWithFreshUrl(job);
  await acceptResponse(job, response).catch((error: unknown) => {
    response.destroy();
    throw error;
  });
  // Reading the response as an async iterator keeps back-pressure and destroys it on any exit; writeBody returns only
  // once every byte received has reached the file, so a resume starts exactly after them.
  await writeBody(job, response);
  if (job.transfer.offset < job.request.expectedBytes) {
    throw new Error(`The connection ended after ${job.transfer.offset} bytes`);
  }
}

async function getWithFreshUrl(job: Job): Promise<IncomingMessage> {
  const response = await sendGet(job);
  if (response.statusCode !== 403) {
    return response;
  }
  response.resume();
  job.transfer.url = await job.request.refreshUrl();
  return sendGet(job);
}

function sendGet(job: Job): Promise<IncomingMessage> {
  const { request, transfer } = job;
  request.signal?.throwIfAborted();
  const url = parseDownloadUrl(transfer.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const agent = url.protocol === 'https:' && request.httpsAgent !== undefined ? { agent: request.httpsAgent } : {};
    const outgoing = client.get(url, { headers: resumeHeaders(transfer), signal: request.signal, ...agent }, resolve);
    outgoing.setTimeout(request.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => {
      outgoing.destroy(new Error('The connection went silent'));
    });
    outgoing.on('error', reject);
  });
}

function parseDownloadUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new SaveError(
      'download-failed',
      'The download link for this record is not valid. Try again; if it keeps happening, contact your IT service desk.',
    );
  }
  return url;
}

function resumeHeaders(transfer: Transfer): Record<string, string> {
  if (transfer.offset === 0) {
    return {};
  }
  const headers: Record<string, string> = { range: `bytes=${transfer.offset}-` };
  // If-Match makes the server refuse (412) rather than splice bytes of a changed object onto ours.
  if (transfer.etag !== undefined) {
    headers['if-match'] = transfer.etag;
  }
  return headers;
}

async function acceptResponse(job: Job, response: IncomingMessage): Promise<void> {
  const status = response.statusCode ?? 0;
  if (status === 200) {
    await acceptWholeBody(job, response);
    return;
  }
  if (status === 206) {
    await acceptRange(job, response);
    return;
  }
  response.resume();
  if (RESTART_STATUSES.has(status)) {
    await restartFromZero(job);
  }
  if (RESTART_STATUSES.has(status) || RETRYABLE_STATUSES.has(status)) {
    throw new Error(`The server answered HTTP ${status}`);
  }
  throw new SaveError(
    'download-failed',
    `The record could not be downloaded (the server answered ${status}). Try again; if it keeps happening, contact your IT service desk.`,
  );
}

// A 200 carries the whole object, even when we asked for a range: start the file again.
async function acceptWholeBody(job: Job, response: IncomingMessage): Promise<void> {
  if (job.transfer.offset > 0) {
    await restartFromZero(job);
  }
  checkTotalBytes(job, response, Number(response.headers['content-length'] ?? Number.NaN));
  const etag = response.headers.etag;
  job.transfer.etag = etag?.startsWith('W/') === true ? undefined : etag;
}

async function acceptRange(job: Job, response: IncomingMessage): Promise<void> {
  const range = /^bytes (\d+)-\d+\/(\d+|\*)$/u.exec(response.headers['content-range'] ?? '');
  if (Number(range?.[1]) !== job.transfer.offset) {
    response.destroy();
    await restartFromZero(job);
    throw new Error('The server resumed at the wrong place');
  }
  checkTotalBytes(job, response, Number(range?.[2]));
}

// A different size means a different object: no amount of retrying will make it match.
function checkTotalBytes(job: Job, response: IncomingMessage, total: number): void {
  if (Number.isFinite(total) && total !== job.request.expectedBytes) {
    response.destroy();
    throw saveError('verification-failed', job.request.folder);
  }
}

async function restartFromZero(job: Job): Promise<void> {
  await job.handle.truncate(0);
  job.transfer.offset = 0;
  job.transfer.hash = createHash('sha256');
  job.transfer.etag = undefined;
}

// Socket reads arrive in ≤64 KiB pieces; one awaited write per piece makes the disk round trip the bottleneck.
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Writes the body in 1 MiB batches with one batch's write in flight while the next is read and the last is hashed,
 * so the network, the disk and the hash overlap. `transfer.offset` only counts bytes that reached the file; the
 * hash may run one batch ahead, but every exit waits for the write in flight, so they agree again before a resume.
 */
async function writeBody(job: Job, body: AsyncIterable<Buffer>): Promise<void> {
  const { request, transfer } = job;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let queuedEnd = transfer.offset;
  let writing: Promise<void> = Promise.resolve();
  const queueBatch = async (): Promise<void> => {
    const [chunks, bytes, position] = [batch, batchBytes, queuedEnd];
    batch = [];
    batchBytes = 0;
    queuedEnd += bytes;
    await writing;
    writing = writeChunksAt(job, chunks, bytes, position).then(() => {
      transfer.offset += bytes;
      job.report('saving', transfer.offset);
      job.syncer.written(transfer.offset);
    });
    // Awaited at the next batch or on the way out; until then a failed write must not count as unhandled.
    writing.catch(() => undefined);
    for (const chunk of chunks) {
      transfer.hash.update(chunk);
    }
  };
  try {
    for await (const chunk of body) {
      if (queuedEnd + batchBytes + chunk.length > request.expectedBytes) {
        throw saveError('verification-failed', request.folder);
      }
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await queueBatch();
      }
    }
  } finally {
    // Also when the connection breaks: the bytes already received are kept, so a resume asks only for the rest.
    if (batchBytes > 0) {
      await queueBatch();
    }
    await writing;
  }
}

// The fsync before the rename was ~15 % of a 1 GB save when it found the whole file dirty; syncing every 64 MiB as the
// download goes on leaves it only the tail.
const BACKGROUND_SYNC_BYTES = 64 * 1024 * 1024;

interface BackgroundSync {
  /** Told the file's new length after each write; starts a data sync every BACKGROUND_SYNC_BYTES, one at a time. */
  written(length: number): void;
  /** Waits for the sync in flight; rejects with its error, which a later fsync on the same file might not report again. */
  settle(): Promise<void>;
}

function backgroundSync(handle: FileHandle): BackgroundSync {
  let syncedLength = 0;
  let running: Promise<void> | undefined;
  let failure: Error | undefined;
  return {
    written(length) {
      // A restart from zero truncates the file.
      syncedLength = Math.min(syncedLength, length);
      if (running !== undefined || length - syncedLength < BACKGROUND_SYNC_BYTES) {
        return;
      }
      syncedLength = length;
      running = handle
        .datasync()
        .catch((error: unknown) => {
          failure ??= error instanceof Error ? error : new Error(String(error));
        })
        .finally(() => {
          running = undefined;
        });
    },
    async settle() {
      await running;
      if (failure !== undefined) {
        throw failure;
      }
    },
  };
}

async function writeChunksAt(job: Job, chunks: Buffer[], bytes: number, position: number): Promise<void> {
  let written: number;
  try {
    written = (await job.handle.writev(chunks, position)).bytesWritten;
  } catch (error) {
    throw fsSaveError(error, job.request.folder);
  }
  if (written < bytes) {
    await writeAt(job, Buffer.concat(chunks, bytes).subarray(written), position + written);
  }
}

async function writeAt(job: Job, chunk: Buffer, position: number): Promise<void> {
  try {
    for (let written = 0; written < chunk.length; ) {
      const result = await job.handle.write(chunk, written, chunk.length - written, position + written);
      written += result.bytesWritten;
    }
  } catch (error) {
    throw fsSaveError(error, job.request.folder);
  }
}

async function verify(job: Job): Promise<string> {
  const { request, transfer } = job;
  job.report('verifying', 0, true);
  const size = await syncedSize(job);
  const sha256 = transfer.hash.digest('hex');
  if (size !== request.expectedBytes || transfer.offset !== size || sha256 !== request.expectedSha256.toLowerCase()) {
    throw saveError('verification-failed', request.folder);
  }
  job.report('verifying', size, true);
  return sha256;
}

// fsync before the check and the rename, so a power cut cannot leave a verified name over unwritten blocks.
async function syncedSize(job: Job): Promise<number> {
  try {
    await job.syncer.settle();
    await job.handle.sync();
    return (await job.handle.stat()).size;
  } catch (error) {
    throw fsSaveError(error, job.request.folder);
  }
}

// Two saves may have raced, or the user may have created the name meanwhile: walk on to the next free candidate.
async function commit(request: SaveRequest, reservation: Reservation): Promise<string> {
  for (let index = reservation.index; index < MAX_NAME_CANDIDATES; index++) {
    const target = path.join(request.folder, candidateName(request.fileName, index));
    // Another save's partial file is its claim on that name.
    if (index > reservation.index && (await pathExists(`${target}${PARTIAL_SUFFIX}`, request.folder))) {
      continue;
    }
    if (await placeWithoutOverwrite(reservation.partialPath, target, request.folder)) {
      return target;
    }
  }
  throw tooManyNames(request.folder, request.fileName);
}

// link() fails with EEXIST instead of replacing, atomically, on POSIX and NTFS; rename() would silently overwrite.
// Returns false when the target is taken.
async function placeWithoutOverwrite(partialPath: string, target: string, folder: string): Promise<boolean> {
  try {
    await fs.link(partialPath, target);
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') {
      return false;
    }
    return renameOverOwnPlaceholder(partialPath, target, folder);
  }
  await removeQuietly(partialPath);
  return true;
}

// For file systems without hard links (FAT/exFAT USB sticks, some network shares): claim the name with an exclusive
// empty file, then rename over our own claim. The empty file is visible only for the instant of the rename.
async function renameOverOwnPlaceholder(partialPath: string, target: string, folder: string): Promise<boolean> {
  const placeholder = await createExclusive(target, folder);
  if (placeholder === undefined) {
    return false;
  }
  await placeholder.close();
  try {
    await retryTransientFsError(() => fs.rename(partialPath, target));
  } catch (error) {
    await removeQuietly(target);
    throw fsSaveError(error, folder);
  }
  return true;
}

async function retryTransientFsError<T>(operation: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      return await operation();
    } catch (error) {
      if (!TRANSIENT_FS_CODES.has(systemErrorCode(error) ?? '') || Date.now() - startedAt > TRANSIENT_FS_BUDGET_MS) {
        throw error;
      }
      await sleep(Math.min(10 * tries, 100));
    }
  }
}

// Makes the new directory entry itself durable on POSIX; Windows cannot open a folder for syncing.
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  try {
    const handle = await fs.open(folder, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // The file is already saved and verified; this is only extra durability.
  }
}
