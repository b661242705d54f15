import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { SaveError, saveError } from './save-error.js';
import { type SaveJob, type Transfer, restartFromZero } from './save-job.js';

// The HTTP side of a save: one GET of the presigned URL, from the first byte not yet on disk (a Range request pinned
// to the object's ETag), and what its answer means for the bytes already held.

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([403, 408, 429, 500, 502, 503, 504]);
// The object changed (412) or our offset is past its end (416): the bytes we hold are useless.
const RESTART_STATUSES: ReadonlySet<number> = new Set([412, 416]);

/** Sends the GET; when the URL is rejected as expired (403), once more with a fresh one. */
export async function getWithFreshUrl(job: SaveJob): Promise<IncomingMessage> {
  const response = await sendGet(job);
  if (response.statusCode !== 403) {
    return response;
  }
  response.resume();
  job.transfer.url = await job.request.refreshUrl();
  return sendGet(job);
}

function sendGet(job: SaveJob): Promise<IncomingMessage> {
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

/**
 * Takes a response whose body can be written from `transfer.offset` on (restarting from zero when it carries the
 * whole object); throws a plain Error when a retry may help, SaveError when it cannot.
 */
export async function acceptResponse(job: SaveJob, response: IncomingMessage): Promise<void> {
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
async function acceptWholeBody(job: SaveJob, response: IncomingMessage): Promise<void> {
  if (job.transfer.offset > 0) {
    await restartFromZero(job);
  }
  checkTotalBytes(job, response, Number(response.headers['content-length'] ?? Number.NaN));
  const etag = response.headers.etag;
  job.transfer.etag = etag?.startsWith('W/') === true ? undefined : etag;
}

async function acceptRange(job: SaveJob, response: IncomingMessage): Promise<void> {
  const range = /^bytes (\d+)-\d+\/(\d+|\*)$/u.exec(response.headers['content-range'] ?? '');
  if (Number(range?.[1]) !== job.transfer.offset) {
    response.destroy();
    await restartFromZero(job);
    throw new Error('The server resumed at the wrong place');
  }
  checkTotalBytes(job, response, Number(range?.[2]));
}

// A different size means a different object: no amount of retrying will make it match.
function checkTotalBytes(job: SaveJob, response: IncomingMessage, total: number): void {
  if (Number.isFinite(total) && total !== job.request.expectedBytes) {
    response.destroy();
    throw saveError('verification-failed', job.folder);
  }
}
