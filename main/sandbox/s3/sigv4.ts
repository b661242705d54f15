import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-error.js';

// Signature Version 4 as S3 checks it ("Authenticating Requests (AWS Signature Version 4)", S3 API Reference): the
// Authorization header or the presigned query, the known access keys, the signature recomputed from the canonical
// request, a 15-minute clock skew for signed headers and X-Amz-Expires (at most 7 days) for presigned URLs. Chunk
// signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies are not checked (the seed signature is).
//
// The known keys are the server's one fixed key and the temporary credentials the sandbox's STS stand-in issued
// (main/sandbox/identity/sts-stand-in.ts). A temporary key must come with its session token (x-amz-security-token, or
// X-Amz-Security-Token in a presigned URL) and stops working when it expires, as S3 answers: 400 ExpiredToken.

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

/** Temporary credentials as STS issued them: the key pair, the session token that must accompany it, its end. */
export interface TemporaryCredentials extends Credentials {
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The temporary credentials issued under an access key id; undefined for a key never issued. */
export type TemporaryCredentialLookup = (accessKeyId: string) => TemporaryCredentials | undefined;

/** The keys a request may be signed with. */
export interface AcceptedKeys {
  /** A long-term key (the sandbox's own), accepted without a session token. */
  readonly fixed?: Credentials;
  /** Temporary credentials, accepted with their session token until they expire. */
  readonly temporary?: TemporaryCredentialLookup;
}

/** What the signature promised about the body: a SHA-256 in hex, or one of S3's special values. */
export interface Verified {
  readonly payloadHash: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES_SECONDS = 604_800;

/** Checks a request's signature; throws the S3Error S3 would answer with. */
export function verifySignature(request: SignedRequest, keys: AcceptedKeys, now: Date): Verified {
  const query = parseQuery(request.rawQuery);
  const queryValue = (name: string): string | undefined => query.find(([key]) => key === name)?.[1];
  if (queryValue('X-Amz-Algorithm') !== undefined) {
    return verifyPresigned(request, query, queryValue, keys, now);
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
  const { scope, credentials } = checkCredential(credential, keys, header(request.headers, 'x-amz-security-token'), now);
  const canonical = canonicalRequest(request, query, signedHeaders, payloadHash);
  checkSignature(canonical, amzDate, scope, credentials, signature);
  return { payloadHash };
}

function verifyPresigned(
  request: SignedRequest,
  query: ReadonlyArray<readonly [string, string]>,
  value: (name: string) => string | undefined,
  keys: AcceptedKeys,
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
  const { scope, credentials } = checkCredential(credential, keys, value('X-Amz-Security-Token'), now);
  if (now.getTime() > requestTime.getTime() + seconds * 1000) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired');
  }
  const unsigned = query.filter(([key]) => key !== 'X-Amz-Signature');
  const canonical = canonicalRequest(request, unsigned, signedHeaders, value('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD');
  checkSignature(canonical, amzDate, scope, credentials, signature);
  return { payloadHash: 'UNSIGNED-PAYLOAD' };
}

/** Checks the access key (and a temporary key's session token) and returns the credential scope and the key. */
function checkCredential(
  credential: string,
  keys: AcceptedKeys,
  sessionToken: string | undefined,
  now: Date,
): { readonly scope: string; readonly credentials: Credentials } {
  const [accessKeyId = '', ...scope] = credential.split('/');
  const credentials = knownKey(accessKeyId, keys, sessionToken, now);
  if (scope.length !== 4 || scope[3] !== 'aws4_request') {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the credential '${credential}' is not valid.`);
  }
  return { scope: scope.join('/'), credentials };
}

function knownKey(accessKeyId: string, keys: AcceptedKeys, sessionToken: string | undefined, now: Date): Credentials {
  if (keys.fixed !== undefined && accessKeyId === keys.fixed.accessKeyId) {
    return keys.fixed;
  }
  const temporary = keys.temporary?.(accessKeyId);
  // A temporary key without its token is no key S3 knows: the same answer as a key never issued.
  if (temporary === undefined || sessionToken === undefined) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (!sameText(sessionToken, temporary.sessionToken)) {
    throw new S3Error(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  if (now.getTime() >= temporary.expiration.getTime()) {
    throw new S3Error(400, 'ExpiredToken', 'The provided token has expired.');
  }
  return temporary;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
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
