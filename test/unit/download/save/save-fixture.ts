import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { SaveError } from '../../../../main/download/save/save-error.js';
import type { SaveRequest } from '../../../../main/download/save/save-to-folder.js';

// The save tests' world: a local server standing in for S3's presigned GET, with knobs for its faults, and a fresh
// folder per test.

export const BODY = randomBytes(5 * 1024 * 1024);
export const BODY_SHA256 = createHash('sha256').update(BODY).digest('hex');
export const FILE_NAME = 'patient-record-9990000018.zip';
export const ETAG = '"v1"';
export const isRoot = process.getuid?.() === 0;

export interface ServerKnobs {
  /** First request only: send this many bytes, then drop the connection. */
  cutFirstAfterBytes?: number;
  /** Every request: send this many bytes, then drop the connection. */
  cutEachAfterBytes?: number;
  /** First request only: send this many bytes, then go silent. */
  stallFirstAfterBytes?: number;
  /** Answer 403 to any URL containing this text, as S3 does for an expired presigned URL. */
  forbidUrlsContaining?: string;
  /** Answer 400 ExpiredToken to URLs containing this, as S3 does when the temporary credentials that signed one expired. */
  expiredCredentialsInUrlsContaining?: string;
  /** Answer 400 with an error other than an expiry. */
  badRequest?: boolean;
  /** Answer 412 Precondition Failed to the first request that names an ETag, as S3 does when the object changed. */
  refuseFirstIfMatch?: boolean;
  /** Accept the connection and never answer, as a frozen endpoint does. */
  silent?: boolean;
  /** Answer 403 Access Denied to every request, as S3 does when the signer may not read the object. */
  denyAccess?: boolean;
  ignoreRange?: boolean;
  alwaysStatus?: number;
  /** Send the body in 64 KiB pieces with this pause between them. */
  chunkDelayMs?: number;
}

export interface SeenRequest {
  readonly url: string;
  readonly range: string | undefined;
  readonly ifMatch: string | undefined;
}

export interface SaveFixture {
  readonly baseUrl: string;
  /** The requests the server saw in this test. */
  readonly seen: SeenRequest[];
  knobs: ServerKnobs;
  /** This test's folder. */
  readonly folder: string;
  /** A request for BODY into this test's folder, with quick retries. */
  request(overrides?: Partial<SaveRequest>): SaveRequest;
  folderEntries(): Promise<string[]>;
}

/** Starts the server for the test file and gives each test a fresh folder and fresh knobs. */
export function useSaveFixture(): SaveFixture {
  let server: http.Server;
  let baseUrl = '';
  let folder = '';
  const seen: SeenRequest[] = [];
  const fixture: SaveFixture = {
    get baseUrl() {
      return baseUrl;
    },
    seen,
    knobs: {},
    get folder() {
      return folder;
    },
    request: (overrides = {}) => ({
      url: `${baseUrl}/record.zip?sig=current`,
      refreshUrl: () => Promise.resolve(`${baseUrl}/record.zip?sig=fresh`),
      folder,
      fileName: FILE_NAME,
      expectedSha256: BODY_SHA256,
      expectedBytes: BODY.length,
      retryDelayMs: 1,
      ...overrides,
    }),
    folderEntries: async () => (await fs.readdir(folder)).sort(),
  };

  beforeAll(async () => {
    server = http.createServer((request, response) => handle(fixture, request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'save-file-'));
    seen.length = 0;
    fixture.knobs = {};
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    server.closeAllConnections();
    await fs.chmod(folder, 0o755).catch(() => undefined);
    await fs.rm(folder, { recursive: true, force: true });
  });
  return fixture;
}

function handle(fixture: SaveFixture, request: IncomingMessage, response: ServerResponse): void {
  const { knobs, seen } = fixture;
  seen.push({ url: request.url ?? '', range: request.headers.range, ifMatch: request.headers['if-match'] });
  response.on('error', () => undefined);
  if (knobs.silent === true) {
    return;
  }
  if (knobs.refuseFirstIfMatch === true && request.headers['if-match'] !== undefined) {
    knobs.refuseFirstIfMatch = false;
    response.writeHead(412, { 'content-type': 'application/xml' }).end('<Error><Code>PreconditionFailed</Code></Error>');
    return;
  }
  if (knobs.alwaysStatus !== undefined) {
    response.writeHead(knobs.alwaysStatus).end('failing');
    return;
  }
  if (knobs.forbidUrlsContaining !== undefined && request.url?.includes(knobs.forbidUrlsContaining) === true) {
    response.writeHead(403, { 'content-type': 'application/xml' }).end(s3Error('Request has expired'));
    return;
  }
  if (knobs.expiredCredentialsInUrlsContaining !== undefined && request.url?.includes(knobs.expiredCredentialsInUrlsContaining) === true) {
    response
      .writeHead(400, { 'content-type': 'application/xml' })
      .end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>');
    return;
  }
  if (knobs.badRequest === true) {
    response.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>InvalidArgument</Code><Message>Bad</Message></Error>');
    return;
  }
  if (knobs.denyAccess === true) {
    response.writeHead(403, { 'content-type': 'application/xml' }).end(s3Error('Access Denied'));
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

// The body S3 sends with a 403: the code alone does not tell an expired URL from a missing permission.
function s3Error(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message><RequestId>R</RequestId></Error>`;
}

function rangeStart(request: IncomingMessage, knobs: ServerKnobs): number {
  const match = /^bytes=(\d+)-$/u.exec(request.headers.range ?? '');
  return match === null || knobs.ignoreRange === true ? 0 : Number(match[1]);
}

function sendBody(response: ServerResponse, slice: Buffer, knobs: ServerKnobs, isFirst: boolean): void {
  const cutAfter = knobs.cutEachAfterBytes ?? (isFirst ? knobs.cutFirstAfterBytes : undefined);
  if (cutAfter !== undefined && cutAfter < slice.length) {
    response.write(slice.subarray(0, cutAfter), () => response.socket?.destroy());
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

/** The SaveError a save rejected with. */
export async function saveError(promise: Promise<unknown>): Promise<SaveError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SaveError);
  return error as SaveError;
}

export function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}
