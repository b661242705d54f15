import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { DEFAULT_NO_BYTE_TIMEOUT_MS, HttpStatusError, StalledError, isRetryable } from '../../reliability/retryable.js';
import { SaveError, saveError } from './save-error.js';
import { RestartedFromZero, type SaveJob, type Transfer, restartFromZero } from './save-job.js';

// The HTTP side of a save: one GET of the presigned URL, from the first byte not yet on disk (a Range request pinned
// to the object's ETag), and what its answer means for the bytes already held.

// The object changed (412) or our offset is past its end (416): the bytes we hold are useless.
const RESTART_STATUSES: ReadonlySet<number> = new Set([412, 416]);
// S3's words for a presigned URL past its own expiry (403), and for one signed with temporary credentials that have
// since expired (400 ExpiredToken): the sign-in's credentials last less long than a large save may take.
const EXPIRED_URL = 'Request has expired';
const EXPIRED_CREDENTIALS = '<Code>ExpiredToken</Code>';
const REFUSED_STATUSES: ReadonlySet<number> = new Set([400, 403]);
const ERROR_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Sends the GET. A URL refused as expired (403), or because the credentials that signed it expired (400), is re-signed
 * once, with the sign-in's current credentials; a fresh URL refused again, or any other 403, is a permission error.
 */
export async function getWithFreshUrl(job: SaveJob): Promise<IncomingMessage> {
  const response = await sendGet(job);
  if (!REFUSED_STATUSES.has(response.statusCode ?? 0)) {
    return response;
  }
  const body = await errorBody(response);
  const expired = body.includes(EXPIRED_URL) || body.includes(EXPIRED_CREDENTIALS);
  if (response.statusCode === 400 && !expired) {
    throw notDownloaded(400);
  }
  if (job.transfer.urlJustSigned || !expired) {
    throw saveError('access-denied', job.folder);
  }
  job.transfer.url = await job.request.refreshUrl();
  job.transfer.urlJustSigned = true;
  return getWithFreshUrl(job);
}

async function errorBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= ERROR_BODY_LIMIT_BYTES) {
      response.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendGet(job: SaveJob): Promise<IncomingMessage> {
  const { request, transfer } = job;
  request.signal?.throwIfAborted();
  const url = parseDownloadUrl(transfer.url);
  const client = url.protocol === 'https:' ? https : http;
  const idleTimeoutMs = request.idleTimeoutMs ?? DEFAULT_NO_BYTE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const agent = url.protocol === 'https:' && request.httpsAgent !== undefined ? { agent: request.httpsAgent } : {};
    let received: IncomingMessage | undefined;
    const outgoing = client.get(url, { headers: resumeHeaders(transfer), signal: request.signal, ...agent }, (response) => {
      received = response;
      resolve(response);
    });
    // The socket's inactivity: waiting for the answer as much as reading its body. The body's reader must see the
    // stall itself, not the generic "aborted" of a destroyed request.
    outgoing.setTimeout(idleTimeoutMs, () => {
      const stall = new StalledError(idleTimeoutMs);
      received?.destroy(stall);
      outgoing.destroy(stall);
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
 * whole object); throws RestartedFromZero or a retryable HttpStatusError when a retry may help, SaveError when not.
 */
export async function acceptResponse(job: SaveJob, response: IncomingMessage): Promise<void> {
  const status = response.statusCode ?? 0;
  if (status === 200 || status === 206) {
    job.transfer.urlJustSigned = false;
    await (status === 200 ? acceptWholeBody(job, response) : acceptRange(job, response));
    return;
  }
  response.resume();
  if (RESTART_STATUSES.has(status)) {
    await restartFromZero(job);
    throw new RestartedFromZero(`The server answered HTTP ${status}`);
  }
  const failure = new HttpStatusError(status);
  if (isRetryable(failure)) {
    throw failure;
  }
  throw notDownloaded(status);
}

function notDownloaded(status: number): SaveError {
  return new SaveError(
    'download-failed',
    `The record could not be downloaded (the server answered ${status}). Try again; if it keeps happening, contact your IT service desk.`,
    { cause: new HttpStatusError(status) },
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
    throw new RestartedFromZero('The server resumed at the wrong place');
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
