import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-error.js';

// Signature Version 4 as S3 checks it ("Authenticating Requests (AWS Signature Version 4)", S3 API Reference): the
// Authorization header or the presigned query, the one known access key, the signature recomputed from the canonical
// request, a 15-minute clock skew for signed headers and X-Amz-Expires (at most 7 days) for presigned URLs. Chunk
// signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies are not checked (the seed signature is).

/** The request as the verifier needs it: the path and query exactly as received. */
export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What the signature promised about the body: a SHA-256 in hex, or one of S3's special values. */
export interface Verified {
  readonly payloadHash: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES_SECONDS = 604_800;

/** Checks a request's signature; throws the S3Error S3 would answer with. */
export function verifySignature(request: SignedRequest, credentials: Credentials, now: Date): Verified {
  const query = parseQuery(request.rawQuery);
  const queryValue = (name: string): string | undefined => query.find(([key]) => key === name)?.[1];
  if (queryValue('X-Amz-Algorithm') !== undefined) {
    return verifyPresigned(request, query, queryValue, credentials, now);
  }
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) {
    throw new S3Error(403, 'AccessDenied', 'Access Denied');
  }
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new S3Error(400, 'InvalidRequest', `The authorization mechanism you have provided is not supported. Please use ${ALGORITHM}.`);
  }
  const fields = new Map(
    authorization
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => part.trim().split('=') as [string, string | undefined]),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; the Credential, SignedHeaders and Signature are required.');
  }
  const payloadHash = header(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) {
    throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const scope = checkCredential(credential, credentials);
  const canonical = canonicalRequest(request, query, signedHeaders, payloadHash);
  checkSignature(canonical, amzDate, scope, credentials, signature);
  return { payloadHash };
}

function verifyPresigned(
  request: SignedRequest,
  query: ReadonlyArray<readonly [string, string]>,
  value: (name: string) => string | undefined,
  credentials: Credentials,
  now: Date,
): Verified {
  if (value('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  }
  const credential = value('X-Amz-Credential');
  const amzDate = value('X-Amz-Date');
  const expires = value('X-Amz-Expires');
  const signedHeaders = value('X-Amz-SignedHeaders');
  const signature = value('X-Amz-Signature');
  if (credential === undefined || amzDate === undefined || expires === undefined || signedHeaders === undefined || signature === undefined) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  const seconds = Number(expires);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative');
  }
  if (seconds > MAX_EXPIRES_SECONDS) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  }
  const scope = checkCredential(credential, credentials);
  if (now.getTime() > requestTime.getTime() + seconds * 1000) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired');
  }
  const unsigned = query.filter(([key]) => key !== 'X-Amz-Signature');
  const canonical = canonicalRequest(request, unsigned, signedHeaders, value('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD');
  checkSignature(canonical, amzDate, scope, credentials, signature);
  return { payloadHash: 'UNSIGNED-PAYLOAD' };
}

/** Checks the access key and returns the credential scope (date/region/service/aws4_request). */
function checkCredential(credential: string, credentials: Credentials): string {
  const [accessKeyId, ...scope] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (scope.length !== 4 || scope[3] !== 'aws4_request') {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the credential '${credential}' is not valid.`);
  }
  return scope.join('/');
}

function canonicalRequest(
  request: SignedRequest,
  query: ReadonlyArray<readonly [string, string]>,
  signedHeaders: string,
  payloadHash: string,
): string {
  const canonicalQuery = query
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/gu, ' ')}\n`).join('');
  // S3 signs the path as sent, encoded once (no normalisation, no double encoding).
  return [request.method, request.rawPath === '' ? '/' : request.rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
}

function checkSignature(canonical: string, amzDate: string, scope: string, credentials: Credentials, provided: string): void {
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const [date = '', region = '', service = ''] = scope.split('/');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(provided);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
}

/** The query's parameters in order, decoded (a `+` stays a plus, as S3 reads it). */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') {
    return [];
  }
  return rawQuery.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ percent-encoded, upper-case hex. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/gu, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/u.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
