import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { receiveBody } from './body.js';
import { completeMultipartUpload } from './complete-multipart-upload.js';
import { checkReadPreconditions, checkWritePreconditions } from './conditions.js';
import { deleteObject } from './delete-operations.js';
import { abortMultipartUpload, createMultipartUpload, listParts, uploadPart } from './multipart-operations.js';
import { type RequestContext, checksumHeaders, existingBucket, methodNotAllowed, quoted, requestIds, sendXml, versionHeader } from './request-context.js';
import { S3Error, noSuchKey, notImplemented } from './s3-error.js';
import type { Bucket, ObjectVersion, StoredChecksum } from './store.js';
import { checkContentLength, storedHeaders } from './write-requests.js';

// Requests to one object: PutObject, GetObject and HeadObject (versions, conditions, byte ranges, part numbers,
// response-header overrides) and GetObjectAttributes; deletes and multipart uploads are routed on to their own modules.

const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'] as const;

export async function handleObjectRequest(context: RequestContext): Promise<void> {
  const { method, query } = context;
  const bucket = existingBucket(context.store, context.bucket);
  if (method === 'PUT' && context.request.headers['x-amz-copy-source'] !== undefined) {
    throw notImplemented(query.has('uploadId') ? 'UploadPartCopy' : 'CopyObject');
  }
  if (method === 'PUT' && query.has('uploadId')) {
    return uploadPart(bucket, context);
  }
  if (method === 'PUT') {
    return putObject(bucket, context);
  }
  if (method === 'POST' && query.has('uploads')) {
    return createMultipartUpload(bucket, context);
  }
  if (method === 'POST' && query.has('uploadId')) {
    return completeMultipartUpload(bucket, context);
  }
  if (method === 'DELETE' && query.has('uploadId')) {
    return abortMultipartUpload(bucket, context);
  }
  if (method === 'DELETE') {
    deleteObject(bucket, context);
    return;
  }
  if (method === 'GET' && query.has('uploadId')) {
    return listParts(bucket, context);
  }
  if (method === 'GET' && query.has('attributes')) {
    return getObjectAttributes(bucket, context);
  }
  if (method === 'GET' || method === 'HEAD') {
    return getObject(bucket, context);
  }
  throw methodNotAllowed();
}

async function putObject(bucket: Bucket, context: RequestContext): Promise<void> {
  const { store, request, response, key } = context;
  checkContentLength(request);
  checkWritePreconditions(bucket, key, request);
  const blob = store.newBlob();
  const body = await receiveBody(request, context.payloadHash, blob.path);
  // Checked again: another request may have written the key while this body arrived.
  try {
    checkWritePreconditions(bucket, key, request);
  } catch (error) {
    store.removeBlob(blob.name);
    throw error;
  }
  const checksum: StoredChecksum = { algorithm: body.checksum.algorithm, value: body.checksum.value, type: 'FULL_OBJECT' };
  const version = store.putVersion(bucket, key, {
    deleteMarker: false,
    etag: body.md5.toString('hex'),
    size: body.size,
    blob: blob.name,
    headers: storedHeaders(request),
    checksum,
  });
  response
    .writeHead(200, {
      etag: quoted(version.etag),
      ...versionHeader(bucket, version),
      ...checksumHeaders(checksum),
      'x-amz-server-side-encryption': 'AES256',
      ...requestIds(),
    })
    .end();
}

function findVersion(bucket: Bucket, key: string, versionId: string | undefined): ObjectVersion {
  const versions = bucket.keys.get(key) ?? [];
  if (versionId === undefined) {
    const latest = versions[0];
    if (latest === undefined) {
      throw noSuchKey(key);
    }
    if (latest.deleteMarker) {
      throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
    }
    return latest;
  }
  const version = versions.find((candidate) => candidate.versionId === versionId);
  if (version === undefined) {
    throw new S3Error(404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
  }
  if (version.deleteMarker) {
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: 'GET', ResourceType: 'DeleteMarker' }, {
      'x-amz-delete-marker': 'true',
      'x-amz-version-id': versionId,
      'last-modified': new Date(version.lastModified).toUTCString(),
    });
  }
  return version;
}

async function getObject(bucket: Bucket, context: RequestContext): Promise<void> {
  const { store, request, response, query, method } = context;
  const version = findVersion(bucket, context.key, query.get('versionId'));
  const lastModified = new Date(version.lastModified);
  const headers: Record<string, string> = {
    'last-modified': lastModified.toUTCString(),
    etag: quoted(version.etag),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...versionHeader(bucket, version),
    ...version.headers,
    ...requestIds(),
  };
  const notModified = checkReadPreconditions(request, version.etag, lastModified);
  if (notModified) {
    response.writeHead(304, headers).end();
    return;
  }
  for (const name of RESPONSE_OVERRIDES) {
    const override = query.get(`response-${name}`);
    if (override !== undefined) {
      headers[name] = override;
    }
  }
  let start = 0;
  let end = version.size - 1;
  let status = 200;
  const partNumber = query.get('partNumber');
  if (partNumber !== undefined) {
    const sizes = version.partSizes ?? [version.size];
    const index = Number(partNumber) - 1;
    if (!Number.isInteger(index) || index < 0 || index >= sizes.length) {
      throw new S3Error(416, 'InvalidPartNumber', 'The requested partnumber is not satisfiable', { PartNumberRequested: partNumber, ActualPartCount: sizes.length });
    }
    start = sizes.slice(0, index).reduce((sum, size) => sum + size, 0);
    end = start + (sizes[index] as number) - 1;
    headers['x-amz-mp-parts-count'] = String(sizes.length);
    if (version.partSizes !== undefined) {
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${version.size}`;
    }
  } else {
    const range = parseRange(request.headers.range, version.size);
    if (range === 'unsatisfiable') {
      throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: String(request.headers.range), ActualObjectSize: version.size }, {
        'content-range': `bytes */${version.size}`,
      });
    }
    if (range !== undefined) {
      ({ start, end } = range);
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${version.size}`;
    } else if (String(request.headers['x-amz-checksum-mode']).toUpperCase() === 'ENABLED' && version.checksum !== undefined) {
      // S3 returns the object's checksum only for a whole-object read.
      Object.assign(headers, checksumHeaders(version.checksum));
    }
  }
  headers['content-length'] = String(Math.max(0, end - start + 1));
  response.writeHead(status, headers);
  if (method === 'HEAD' || end < start || version.blob === undefined) {
    response.end();
    return;
  }
  await pipeline(createReadStream(store.blobPath(version.blob), { start, end }), response).catch(() => response.destroy());
}

function getObjectAttributes(bucket: Bucket, context: RequestContext): void {
  const version = findVersion(bucket, context.key, context.query.get('versionId'));
  const wanted = new Set(String(context.request.headers['x-amz-object-attributes'] ?? '').split(',').map((name) => name.trim()));
  const checksum = version.checksum;
  sendXml(
    context.response,
    200,
    'GetObjectAttributesResponse',
    [
      ['ETag', wanted.has('ETag') ? version.etag : undefined],
      [
        'Checksum',
        wanted.has('Checksum') && checksum !== undefined
          ? [
              [`Checksum${checksum.algorithm}`, checksum.value],
              ['ChecksumType', checksum.type],
            ]
          : undefined,
      ],
      ['ObjectParts', wanted.has('ObjectParts') && version.partSizes !== undefined ? [['TotalPartsCount', version.partSizes.length]] : undefined],
      ['StorageClass', wanted.has('StorageClass') ? 'STANDARD' : undefined],
      ['ObjectSize', wanted.has('ObjectSize') ? version.size : undefined],
    ],
    { 'last-modified': new Date(version.lastModified).toUTCString(), ...versionHeader(bucket, version) },
  );
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/u.exec(header?.trim() ?? '');
  if (match === null || (match[1] === '' && match[2] === '')) {
    // No range, or one S3 ignores (several ranges, other units): the whole object.
    return undefined;
  }
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) {
      return 'unsatisfiable';
    }
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) {
    return 'unsatisfiable';
  }
  if (end < start) {
    return undefined;
  }
  return { start, end };
}
