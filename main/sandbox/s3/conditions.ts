import type { IncomingMessage } from 'node:http';
import { unquoted } from './request-context.js';
import { S3Error, noSuchKey } from './s3-error.js';
import type { Bucket, ObjectVersion } from './store.js';

// Conditional requests: If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since on a read (GetObject,
// HeadObject), and If-Match and If-None-Match: * on a write (PutObject, CompleteMultipartUpload).

/** Whether the read should answer 304; throws 412 PreconditionFailed as S3 does (RFC 7232 order). */
export function checkReadPreconditions(request: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const ifUnmodifiedSince = request.headers['if-unmodified-since'];
  const seconds = Math.floor(lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, etag)) {
      throw preconditionFailed('If-Match');
    }
  } else if (ifUnmodifiedSince !== undefined && seconds > Date.parse(ifUnmodifiedSince)) {
    throw preconditionFailed('If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined) {
    return etagMatches(ifNoneMatch, etag);
  }
  return ifModifiedSince !== undefined && !(seconds > Date.parse(ifModifiedSince));
}

function etagMatches(condition: string, etag: string): boolean {
  return condition.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || unquoted(trimmed.replace(/^W\//u, '')) === etag;
  });
}

/** If-None-Match: * and If-Match on a write, as S3's conditional writes check them. */
export function checkWritePreconditions(bucket: Bucket, key: string, request: IncomingMessage): void {
  const current = latestVersion(bucket, key);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && current !== undefined) {
    throw preconditionFailed('If-None-Match');
  }
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined) {
    if (current === undefined) {
      throw noSuchKey(key);
    }
    if (!etagMatches(ifMatch, current.etag)) {
      throw preconditionFailed('If-Match');
    }
  }
}

function latestVersion(bucket: Bucket, key: string): ObjectVersion | undefined {
  const latest = bucket.keys.get(key)?.[0];
  return latest?.deleteMarker === false ? latest : undefined;
}

function preconditionFailed(condition: string): S3Error {
  return new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
}
