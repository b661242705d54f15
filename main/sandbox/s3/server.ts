import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_ALGORITHM, receiveBody } from './body.js';
import { type ChecksumAlgorithm, CHECKSUM_ALGORITHMS, checksumHeader, hasherFor, parseAlgorithm } from './checksums.js';
import { S3Error, noSuchBucket, noSuchKey, noSuchUpload, notImplemented } from './s3-error.js';
import { type Credentials, parseQuery, verifySignature } from './sigv4.js';
import { type Bucket, type ChecksumType, type ObjectVersion, type StoredChecksum, type Upload, S3Store, compareKeys } from './store.js';
import { type XmlValue, xmlDocument, xmlElements, xmlText } from './xml.js';

// The sandbox's S3: a small S3 of its own for the operations the product and its tests use, keeping the rules of the
// S3 API Reference that s3rver lacked (s3rver 3.7 had no versioning, answered AbortMultipartUpload with 405 and
// ListMultipartUploads with 501, never checked part sizes, returned no checksums and stored aws-chunked framing as
// object bytes). A front over s3rver would have had to keep versions, uploads and checksums itself, leaving s3rver
// only the bytes: owning the whole of it keeps every rule in one place.
//
// Rules kept, each as the API Reference words it:
// - CompleteMultipartUpload: "Each part must be at least 5 MB in size, except the last part" (EntityTooSmall);
//   parts listed in ascending order (InvalidPartOrder) and as uploaded (InvalidPart).
// - UploadPart: "Part numbers can be any number from 1 to 10,000, inclusive" (InvalidArgument).
// - AbortMultipartUpload removes the upload and its parts; ListMultipartUploads lists those in progress.
// - Versioning ("Retaining multiple versions of objects with S3 Versioning"): in a versioning-enabled bucket a
//   DeleteObject without VersionId adds a delete marker and keeps every version; with a VersionId it removes that
//   version for good; ListObjectVersions shows versions and markers.
// - Checksums ("Checking object integrity"): a sent x-amz-checksum-* is verified (BadDigest) and stored; without one
//   S3 stores a full-object CRC64NVME. Multipart uploads keep the algorithm and type (COMPOSITE or FULL_OBJECT) asked
//   for at CreateMultipartUpload; GetObject and HeadObject return the checksum with x-amz-checksum-mode: ENABLED.
// - Conditional requests (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since), single byte ranges
//   (InvalidRange), presigned URLs that expire (AccessDenied) and SigV4 signatures (SignatureDoesNotMatch).
// Not done: CopyObject, ACLs, policies, tagging, lifecycle, object lock, SSE-C, virtual-hosted-style addressing: each
// is refused with NotImplemented rather than half done.

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;
const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
const OWNER: ReadonlyArray<readonly [string, XmlValue]> = [
  ['ID', '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'],
  ['DisplayName', 'sandbox'],
];
const STORED_HEADERS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'] as const;
const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'] as const;
const UNSUPPORTED_SUBRESOURCES = [
  'acl', 'policy', 'cors', 'lifecycle', 'tagging', 'website', 'logging', 'notification', 'replication', 'encryption',
  'object-lock', 'retention', 'legal-hold', 'torrent', 'restore', 'select', 'accelerate', 'analytics', 'inventory',
  'metrics', 'ownershipControls', 'publicAccessBlock', 'intelligent-tiering', 'requestPayment', 'policyStatus',
] as const;

export interface S3ServerOptions {
  readonly credentials: Credentials;
  readonly region: string;
  /** Keeps the state in this folder across restarts; without it, a temporary folder removed on close. */
  readonly directory?: string;
  /** The clock signatures and expiries are checked against. */
  readonly now?: () => Date;
}

export interface RunningS3 {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the sandbox S3 on a free loopback port. */
export async function startS3Server(options: S3ServerOptions): Promise<RunningS3> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'docstore-s3-')));
  const store = new S3Store(directory, options.directory !== undefined);
  const handler = new S3Handler(store, options);
  const server = http.createServer((request, response) => void handler.handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      if (options.directory === undefined) {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}

/** One parsed request: where it goes and its query. */
interface Route {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: ReadonlyMap<string, string>;
  readonly payloadHash: string;
}

class S3Handler {
  constructor(
    private readonly store: S3Store,
    private readonly options: S3ServerOptions,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    try {
      const rawUrl = request.url ?? '/';
      const questionMark = rawUrl.indexOf('?');
      const rawPath = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
      const rawQuery = questionMark < 0 ? '' : rawUrl.slice(questionMark + 1);
      const { payloadHash } = verifySignature({ method, rawPath, rawQuery, headers: request.headers }, this.options.credentials, this.now());
      const path = rawPath.slice(1);
      const slash = path.indexOf('/');
      const bucket = decodePath(slash < 0 ? path : path.slice(0, slash));
      const key = slash < 0 ? '' : decodePath(path.slice(slash + 1));
      const query = new Map<string, string>();
      for (const [name, value] of parseQuery(rawQuery)) {
        if (!query.has(name)) {
          query.set(name, value);
        }
      }
      const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
      if (unsupported !== undefined) {
        throw notImplemented(`?${unsupported}`);
      }
      const route: Route = { request, response, method, bucket, key, query, payloadHash };
      if (bucket === '') {
        this.service(route);
      } else if (key === '') {
        await this.bucketOperation(route);
      } else {
        await this.objectOperation(route);
      }
    } catch (error) {
      request.resume();
      sendError(response, method, error instanceof S3Error ? error : new S3Error(500, 'InternalError', String(error)));
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private service(route: Route): void {
    if (route.method !== 'GET') {
      throw methodNotAllowed();
    }
    const buckets = [...this.store.buckets.values()].sort((a, b) => compareKeys(a.name, b.name));
    sendXml(route.response, 200, 'ListAllMyBucketsResult', [
      ['Owner', OWNER],
      ['Buckets', buckets.map((bucket) => ['Bucket', [['Name', bucket.name], ['CreationDate', bucket.created]]] as const)],
    ]);
  }

  private bucket(name: string): Bucket {
    const bucket = this.store.buckets.get(name);
    if (bucket === undefined) {
      throw noSuchBucket(name);
    }
    return bucket;
  }

  // ---- Buckets -------------------------------------------------------------------------------------------------

  private async bucketOperation(route: Route): Promise<void> {
    const { method, query, bucket: name, response } = route;
    if (method === 'PUT' && query.has('versioning')) {
      return this.putBucketVersioning(route);
    }
    if (method === 'PUT') {
      return this.createBucket(route);
    }
    if (method === 'POST' && query.has('delete')) {
      return this.deleteObjects(route);
    }
    const bucket = this.bucket(name);
    if (method === 'HEAD') {
      response.writeHead(200, { 'x-amz-bucket-region': this.options.region, ...requestIds() }).end();
    } else if (method === 'DELETE') {
      this.deleteBucket(bucket, response);
    } else if (method !== 'GET') {
      throw methodNotAllowed();
    } else if (query.has('versioning')) {
      sendXml(response, 200, 'VersioningConfiguration', [['Status', bucket.versioning]]);
    } else if (query.has('location')) {
      sendXml(response, 200, 'LocationConstraint', []);
    } else if (query.has('versions')) {
      this.listObjectVersions(bucket, route);
    } else if (query.has('uploads')) {
      this.listMultipartUploads(bucket, route);
    } else {
      this.listObjects(bucket, route);
    }
  }

  private async createBucket(route: Route): Promise<void> {
    await receiveBody(route.request, route.payloadHash, undefined);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u.test(route.bucket) || route.bucket.includes('..')) {
      throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: route.bucket });
    }
    if (this.store.buckets.has(route.bucket)) {
      throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
        BucketName: route.bucket,
      });
    }
    this.store.createBucket(route.bucket);
    route.response.writeHead(200, { location: `/${route.bucket}`, ...requestIds() }).end();
  }

  private deleteBucket(bucket: Bucket, response: ServerResponse): void {
    if (bucket.keys.size > 0) {
      throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket.name });
    }
    this.store.deleteBucket(bucket.name);
    response.writeHead(204, requestIds()).end();
  }

  private async putBucketVersioning(route: Route): Promise<void> {
    const bucket = this.bucket(route.bucket);
    const body = await receiveBody(route.request, route.payloadHash, undefined);
    const status = xmlText((body.bytes ?? Buffer.alloc(0)).toString('utf8'), 'Status')?.trim();
    if (status !== 'Enabled' && status !== 'Suspended') {
      throw new S3Error(400, 'IllegalVersioningConfigurationException', 'The Versioning element must be specified');
    }
    this.store.setVersioning(bucket.name, status);
    route.response.writeHead(200, requestIds()).end();
  }

  private listObjects(bucket: Bucket, route: Route): void {
    const { query } = route;
    const v2 = query.get('list-type') === '2';
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const maxKeys = boundedInteger(query.get('max-keys'), 1000, 'max-keys');
    const token = query.get('continuation-token');
    const after = v2 ? (token === undefined ? (query.get('start-after') ?? '') : Buffer.from(token, 'base64url').toString('utf8')) : (query.get('marker') ?? '');
    const latest = [...bucket.keys.entries()]
      .filter(([key, versions]) => key.startsWith(prefix) && versions[0]?.deleteMarker === false)
      .sort(([a], [b]) => compareKeys(a, b));
    const contents: Array<readonly [string, XmlValue]> = [];
    const prefixes = new Set<string>();
    let truncated = false;
    let last = '';
    for (const [key, versions] of latest) {
      if (after !== '' && compareKeys(key, after) <= 0) {
        continue;
      }
      const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      const commonPrefix = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
      if (commonPrefix !== undefined && prefixes.has(commonPrefix)) {
        continue;
      }
      if (contents.length + prefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      last = commonPrefix ?? key;
      if (commonPrefix !== undefined) {
        prefixes.add(commonPrefix);
        continue;
      }
      const version = versions[0] as ObjectVersion;
      contents.push([
        'Contents',
        [
          ['Key', key],
          ['LastModified', version.lastModified],
          ['ETag', quoted(version.etag)],
          ['ChecksumAlgorithm', version.checksum?.algorithm],
          ['ChecksumType', version.checksum?.type],
          ['Size', version.size],
          ...(v2 ? [] : [['Owner', OWNER] as const]),
          ['StorageClass', 'STANDARD'],
        ],
      ]);
    }
    const common = [...prefixes].map((value) => ['CommonPrefixes', [['Prefix', value]]] as const);
    sendXml(route.response, 200, 'ListBucketResult', [
      ['Name', bucket.name],
      ['Prefix', prefix],
      ...(v2
        ? ([
            ['KeyCount', contents.length + prefixes.size],
            ['ContinuationToken', token],
            ['NextContinuationToken', truncated ? Buffer.from(last, 'utf8').toString('base64url') : undefined],
            ['StartAfter', query.get('start-after')],
          ] as const)
        : ([
            ['Marker', query.get('marker') ?? ''],
            ['NextMarker', truncated && delimiter !== '' ? last : undefined],
          ] as const)),
      ['MaxKeys', maxKeys],
      ['Delimiter', delimiter === '' ? undefined : delimiter],
      ['IsTruncated', truncated],
      ...contents,
      ...common,
    ]);
  }

  private listObjectVersions(bucket: Bucket, route: Route): void {
    const { query } = route;
    const prefix = query.get('prefix') ?? '';
    const maxKeys = boundedInteger(query.get('max-keys'), 1000, 'max-keys');
    const keyMarker = query.get('key-marker') ?? '';
    const versionMarker = query.get('version-id-marker') ?? '';
    const keys = [...bucket.keys.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
    const entries: Array<readonly [string, XmlValue]> = [];
    let next: { key: string; versionId: string } | undefined;
    outer: for (const key of keys) {
      if (keyMarker !== '' && compareKeys(key, keyMarker) < 0) {
        continue;
      }
      const versions = bucket.keys.get(key) ?? [];
      let index = 0;
      if (key === keyMarker) {
        // After the marker's version, or past the key when no version marker was given.
        index = versionMarker === '' ? versions.length : versions.findIndex((version) => version.versionId === versionMarker) + 1;
      }
      for (; index < versions.length; index++) {
        const version = versions[index] as ObjectVersion;
        if (entries.length >= maxKeys) {
          break outer;
        }
        next = { key, versionId: version.versionId };
        const common: Array<readonly [string, XmlValue]> = [
          ['Key', key],
          ['VersionId', version.versionId],
          ['IsLatest', index === 0],
          ['LastModified', version.lastModified],
        ];
        entries.push(
          version.deleteMarker
            ? ['DeleteMarker', [...common, ['Owner', OWNER]]]
            : [
                'Version',
                [
                  ...common,
                  ['ETag', quoted(version.etag)],
                  ['Size', version.size],
                  ['StorageClass', 'STANDARD'],
                  ['Owner', OWNER],
                  ['ChecksumAlgorithm', version.checksum?.algorithm],
                  ['ChecksumType', version.checksum?.type],
                ],
              ],
        );
      }
    }
    const remaining = next !== undefined && hasVersionsAfter(bucket, keys, next);
    sendXml(route.response, 200, 'ListVersionsResult', [
      ['Name', bucket.name],
      ['Prefix', prefix],
      ['KeyMarker', keyMarker],
      ['VersionIdMarker', versionMarker],
      ['NextKeyMarker', remaining ? next?.key : undefined],
      ['NextVersionIdMarker', remaining ? next?.versionId : undefined],
      ['MaxKeys', maxKeys],
      ['IsTruncated', remaining],
      ...entries,
    ]);
  }

  private listMultipartUploads(bucket: Bucket, route: Route): void {
    const { query } = route;
    const prefix = query.get('prefix') ?? '';
    const maxUploads = boundedInteger(query.get('max-uploads'), 1000, 'max-uploads');
    const keyMarker = query.get('key-marker') ?? '';
    const uploadIdMarker = query.get('upload-id-marker') ?? '';
    const uploads = [...this.store.uploads.values()]
      .filter((upload) => upload.bucket === bucket.name && upload.key.startsWith(prefix))
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.localeCompare(b.initiated) || a.uploadId.localeCompare(b.uploadId));
    let start = 0;
    if (keyMarker !== '') {
      const markerIndex = uploadIdMarker === '' ? -1 : uploads.findIndex((upload) => upload.key === keyMarker && upload.uploadId === uploadIdMarker);
      start = markerIndex >= 0 ? markerIndex + 1 : uploads.findIndex((upload) => compareKeys(upload.key, keyMarker) > 0);
      if (start < 0) {
        start = uploads.length;
      }
    }
    const page = uploads.slice(start, start + maxUploads);
    const truncated = start + maxUploads < uploads.length;
    const last = page[page.length - 1];
    sendXml(route.response, 200, 'ListMultipartUploadsResult', [
      ['Bucket', bucket.name],
      ['KeyMarker', keyMarker],
      ['UploadIdMarker', uploadIdMarker],
      ['NextKeyMarker', truncated ? last?.key : undefined],
      ['NextUploadIdMarker', truncated ? last?.uploadId : undefined],
      ['Prefix', prefix],
      ['MaxUploads', maxUploads],
      ['IsTruncated', truncated],
      ...page.map(
        (upload) =>
          [
            'Upload',
            [
              ['Key', upload.key],
              ['UploadId', upload.uploadId],
              ['Initiator', OWNER],
              ['Owner', OWNER],
              ['StorageClass', 'STANDARD'],
              ['Initiated', upload.initiated],
              ['ChecksumAlgorithm', upload.checksumAlgorithm],
              ['ChecksumType', upload.checksumType],
            ],
          ] as const,
      ),
    ]);
  }

  private async deleteObjects(route: Route): Promise<void> {
    const bucket = this.bucket(route.bucket);
    const hasChecksum = route.request.headers['content-md5'] !== undefined || CHECKSUM_ALGORITHMS.some((algorithm) => route.request.headers[checksumHeader(algorithm)] !== undefined) || route.request.headers['x-amz-trailer'] !== undefined;
    if (!hasChecksum) {
      throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
    }
    const body = await receiveBody(route.request, route.payloadHash, undefined);
    const xml = (body.bytes ?? Buffer.alloc(0)).toString('utf8');
    const objects = xmlElements(xml, 'Object');
    if (objects.length === 0 || objects.length > 1000) {
      throw malformedXml();
    }
    const quiet = xmlText(xml, 'Quiet')?.trim() === 'true';
    const results: Array<readonly [string, XmlValue]> = [];
    for (const object of objects) {
      const key = xmlText(object, 'Key') ?? '';
      const versionId = xmlText(object, 'VersionId');
      const outcome = this.deleteOne(bucket, key, versionId);
      if (!quiet) {
        results.push([
          'Deleted',
          [
            ['Key', key],
            ['VersionId', versionId],
            ['DeleteMarker', outcome.deleteMarker ? true : undefined],
            ['DeleteMarkerVersionId', outcome.deleteMarker && versionId === undefined ? outcome.versionId : undefined],
          ],
        ]);
      }
    }
    sendXml(route.response, 200, 'DeleteResult', results);
  }

  // ---- Objects -------------------------------------------------------------------------------------------------

  private async objectOperation(route: Route): Promise<void> {
    const { method, query } = route;
    const bucket = this.bucket(route.bucket);
    if (method === 'PUT' && route.request.headers['x-amz-copy-source'] !== undefined) {
      throw notImplemented(query.has('uploadId') ? 'UploadPartCopy' : 'CopyObject');
    }
    if (method === 'PUT' && query.has('uploadId')) {
      return this.uploadPart(bucket, route);
    }
    if (method === 'PUT') {
      return this.putObject(bucket, route);
    }
    if (method === 'POST' && query.has('uploads')) {
      return this.createMultipartUpload(bucket, route);
    }
    if (method === 'POST' && query.has('uploadId')) {
      return this.completeMultipartUpload(bucket, route);
    }
    if (method === 'DELETE' && query.has('uploadId')) {
      return this.abortMultipartUpload(bucket, route);
    }
    if (method === 'DELETE') {
      const outcome = this.deleteOne(bucket, route.key, query.get('versionId'));
      route.response
        .writeHead(204, {
          ...requestIds(),
          ...(outcome.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
          ...(outcome.versionId === undefined ? {} : { 'x-amz-version-id': outcome.versionId }),
        })
        .end();
      return;
    }
    if (method === 'GET' && query.has('uploadId')) {
      return this.listParts(bucket, route);
    }
    if (method === 'GET' && query.has('attributes')) {
      return this.getObjectAttributes(bucket, route);
    }
    if (method === 'GET' || method === 'HEAD') {
      return this.getObject(bucket, route);
    }
    throw methodNotAllowed();
  }

  private async putObject(bucket: Bucket, route: Route): Promise<void> {
    const { request, response, key } = route;
    checkContentLength(request);
    this.checkWritePreconditions(bucket, key, request);
    const blob = this.store.newBlob();
    const body = await receiveBody(request, route.payloadHash, blob.path);
    // Checked again: another request may have written the key while this body arrived.
    try {
      this.checkWritePreconditions(bucket, key, request);
    } catch (error) {
      this.store.removeBlob(blob.name);
      throw error;
    }
    const checksum: StoredChecksum = { algorithm: body.checksum.algorithm, value: body.checksum.value, type: 'FULL_OBJECT' };
    const version = this.store.putVersion(bucket, key, {
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

  /** If-None-Match: * and If-Match on a write, as S3's conditional writes check them. */
  private checkWritePreconditions(bucket: Bucket, key: string, request: IncomingMessage): void {
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

  private deleteOne(bucket: Bucket, key: string, versionId: string | undefined): { deleteMarker: boolean; versionId?: string } {
    if (versionId !== undefined) {
      const removed = this.store.deleteVersion(bucket, key, versionId);
      return { deleteMarker: removed?.deleteMarker === true, versionId };
    }
    if (bucket.versioning === undefined) {
      this.store.deleteVersion(bucket, key, 'null');
      return { deleteMarker: false };
    }
    const marker = this.store.putVersion(bucket, key, { deleteMarker: true, etag: '', size: 0, headers: {} });
    return { deleteMarker: true, versionId: marker.versionId };
  }

  private findVersion(bucket: Bucket, key: string, versionId: string | undefined): ObjectVersion {
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

  private async getObject(bucket: Bucket, route: Route): Promise<void> {
    const { request, response, query, method } = route;
    const version = this.findVersion(bucket, route.key, query.get('versionId'));
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
    await pipeline(createReadStream(this.store.blobPath(version.blob), { start, end }), response).catch(() => response.destroy());
  }

  private getObjectAttributes(bucket: Bucket, route: Route): void {
    const version = this.findVersion(bucket, route.key, route.query.get('versionId'));
    const wanted = new Set(String(route.request.headers['x-amz-object-attributes'] ?? '').split(',').map((name) => name.trim()));
    const checksum = version.checksum;
    sendXml(
      route.response,
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

  // ---- Multipart uploads -----------------------------------------------------------------------------------------

  private async createMultipartUpload(bucket: Bucket, route: Route): Promise<void> {
    const { request } = route;
    await receiveBody(request, route.payloadHash, undefined);
    const askedAlgorithm = request.headers['x-amz-checksum-algorithm'];
    const algorithm = parseAlgorithm(typeof askedAlgorithm === 'string' ? askedAlgorithm : undefined);
    if (askedAlgorithm !== undefined && algorithm === undefined) {
      throw new S3Error(400, 'InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
    }
    const askedType = request.headers['x-amz-checksum-type'];
    if (askedType !== undefined && askedType !== 'COMPOSITE' && askedType !== 'FULL_OBJECT') {
      throw new S3Error(400, 'InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
    }
    if (askedType !== undefined && algorithm === undefined) {
      throw new S3Error(400, 'InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    }
    let checksumType: ChecksumType | undefined;
    if (algorithm !== undefined) {
      checksumType = (askedType) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
      if (checksumType === 'COMPOSITE' && algorithm === 'CRC64NVME') {
        throw new S3Error(400, 'InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
      }
      if (checksumType === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256')) {
        throw new S3Error(400, 'InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
      }
    }
    const upload = this.store.createUpload({
      bucket: bucket.name,
      key: route.key,
      headers: storedHeaders(request),
      ...(algorithm === undefined ? {} : { checksumAlgorithm: algorithm, checksumType }),
    });
    sendXml(
      route.response,
      200,
      'InitiateMultipartUploadResult',
      [
        ['Bucket', bucket.name],
        ['Key', route.key],
        ['UploadId', upload.uploadId],
      ],
      {
        ...(algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': checksumType as string }),
        'x-amz-server-side-encryption': 'AES256',
      },
    );
  }

  private upload(bucket: Bucket, key: string, uploadId: string): Upload {
    const upload = this.store.uploads.get(uploadId);
    if (upload === undefined || upload.bucket !== bucket.name || upload.key !== key) {
      throw noSuchUpload(uploadId);
    }
    return upload;
  }

  private async uploadPart(bucket: Bucket, route: Route): Promise<void> {
    const { request, query } = route;
    const raw = query.get('partNumber') ?? '';
    const partNumber = Number(raw);
    if (!/^\d+$/u.test(raw) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
        ArgumentName: 'partNumber',
        ArgumentValue: raw,
      });
    }
    const upload = this.upload(bucket, route.key, query.get('uploadId') ?? '');
    checkContentLength(request);
    const sent = sentChecksumAlgorithm(request);
    if (upload.checksumAlgorithm !== undefined && sent !== upload.checksumAlgorithm && (sent !== undefined || upload.checksumType === 'COMPOSITE')) {
      throw new S3Error(
        400,
        'InvalidRequest',
        `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent?.toLowerCase() ?? 'null'}`,
      );
    }
    const blob = this.store.newBlob();
    const body = await receiveBody(request, route.payloadHash, blob.path);
    if (!this.store.uploads.has(upload.uploadId)) {
      // Aborted or completed while the part arrived.
      this.store.removeBlob(blob.name);
      throw noSuchUpload(upload.uploadId);
    }
    const part = {
      partNumber,
      etag: body.md5.toString('hex'),
      size: body.size,
      blob: blob.name,
      lastModified: new Date().toISOString(),
      ...(body.checksum.provided ? { checksum: { algorithm: body.checksum.algorithm, value: body.checksum.value } } : {}),
    };
    this.store.putPart(upload, part);
    route.response
      .writeHead(200, {
        etag: quoted(part.etag),
        ...(part.checksum === undefined ? {} : { [checksumHeader(part.checksum.algorithm)]: part.checksum.value }),
        'x-amz-server-side-encryption': 'AES256',
        ...requestIds(),
      })
      .end();
  }

  private listParts(bucket: Bucket, route: Route): void {
    const upload = this.upload(bucket, route.key, route.query.get('uploadId') ?? '');
    const marker = Number(route.query.get('part-number-marker') ?? '0');
    const maxParts = boundedInteger(route.query.get('max-parts'), 1000, 'max-parts');
    const parts = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const page = parts.slice(0, maxParts);
    const truncated = parts.length > maxParts;
    sendXml(route.response, 200, 'ListPartsResult', [
      ['Bucket', bucket.name],
      ['Key', upload.key],
      ['UploadId', upload.uploadId],
      ['PartNumberMarker', marker],
      ['NextPartNumberMarker', truncated ? page[page.length - 1]?.partNumber : undefined],
      ['MaxParts', maxParts],
      ['IsTruncated', truncated],
      ['Initiator', OWNER],
      ['Owner', OWNER],
      ['StorageClass', 'STANDARD'],
      ['ChecksumAlgorithm', upload.checksumAlgorithm],
      ['ChecksumType', upload.checksumType],
      ...page.map(
        (part) =>
          [
            'Part',
            [
              ['PartNumber', part.partNumber],
              ['LastModified', part.lastModified],
              ['ETag', quoted(part.etag)],
              ['Size', part.size],
              ...(part.checksum === undefined ? [] : [[`Checksum${part.checksum.algorithm}`, part.checksum.value] as const]),
            ],
          ] as const,
      ),
    ]);
  }

  private async abortMultipartUpload(bucket: Bucket, route: Route): Promise<void> {
    const upload = this.upload(bucket, route.key, route.query.get('uploadId') ?? '');
    this.store.endUpload(upload);
    route.response.writeHead(204, requestIds()).end();
    return Promise.resolve();
  }

  private async completeMultipartUpload(bucket: Bucket, route: Route): Promise<void> {
    const { request, response, key } = route;
    const upload = this.upload(bucket, key, route.query.get('uploadId') ?? '');
    const body = await receiveBody(request, route.payloadHash, undefined);
    const xml = (body.bytes ?? Buffer.alloc(0)).toString('utf8');
    const listed = xmlElements(xml, 'Part').map((part) => ({
      partNumber: Number(xmlText(part, 'PartNumber')?.trim()),
      etag: unquoted(xmlText(part, 'ETag')?.trim() ?? ''),
      checksum: upload.checksumAlgorithm === undefined ? undefined : xmlText(part, `Checksum${upload.checksumAlgorithm}`)?.trim(),
    }));
    if (listed.length === 0 || listed.some((part) => !Number.isInteger(part.partNumber))) {
      throw malformedXml();
    }
    const parts = listed.map((asked, index) => {
      if (index > 0 && asked.partNumber <= (listed[index - 1] as { partNumber: number }).partNumber) {
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: upload.uploadId });
      }
      const part = upload.parts.get(asked.partNumber);
      if (part === undefined || part.etag !== asked.etag) {
        throw new S3Error(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: upload.uploadId, PartNumber: asked.partNumber, ETag: asked.etag },
        );
      }
      if (upload.checksumType === 'COMPOSITE') {
        if (asked.checksum === undefined) {
          throw new S3Error(
            400,
            'InvalidRequest',
            `The upload was created using a ${upload.checksumAlgorithm?.toLowerCase() ?? ''} checksum. The complete request must include the checksum for each part. It was missing for part ${asked.partNumber} in the request.`,
          );
        }
        if (asked.checksum !== part.checksum?.value) {
          throw new S3Error(
            400,
            'InvalidPart',
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            { UploadId: upload.uploadId, PartNumber: asked.partNumber },
          );
        }
      }
      return part;
    });
    parts.forEach((part, index) => {
      if (index < parts.length - 1 && part.size < MIN_PART_SIZE) {
        throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          ProposedSize: part.size,
          MinSizeAllowed: MIN_PART_SIZE,
          PartNumber: part.partNumber,
          ETag: quoted(part.etag),
        });
      }
    });
    this.checkWritePreconditions(bucket, key, request);
    // The object's bytes: the listed parts end to end, hashed on the way for a full-object checksum.
    const algorithm: ChecksumAlgorithm = upload.checksumAlgorithm ?? DEFAULT_ALGORITHM;
    const fullObject = upload.checksumType !== 'COMPOSITE';
    const hasher = hasherFor(algorithm);
    const blob = this.store.newBlob();
    const output = createWriteStream(blob.path);
    try {
      for (const part of parts) {
        for await (const chunk of createReadStream(this.store.blobPath(part.blob))) {
          if (fullObject) {
            hasher.update(chunk as Buffer);
          }
          if (!output.write(chunk)) {
            await new Promise<void>((resolve) => output.once('drain', () => resolve()));
          }
        }
      }
      output.end();
      await new Promise<void>((resolve, reject) => output.once('finish', () => resolve()).once('error', reject));
    } catch (error) {
      output.destroy();
      this.store.removeBlob(blob.name);
      throw error;
    }
    let value: string;
    if (fullObject) {
      value = hasher.digest().toString('base64');
      const promised = request.headers[checksumHeader(algorithm)];
      if (typeof promised === 'string' && promised !== value) {
        this.store.removeBlob(blob.name);
        throw new S3Error(400, 'BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
      }
    } else {
      const composite = hasherFor(algorithm);
      for (const part of parts) {
        composite.update(Buffer.from(part.checksum?.value ?? '', 'base64'));
      }
      value = `${composite.digest().toString('base64')}-${parts.length}`;
    }
    const md5s = createHash('md5');
    for (const part of parts) {
      md5s.update(Buffer.from(part.etag, 'hex'));
    }
    const checksum: StoredChecksum = { algorithm, value, type: fullObject ? 'FULL_OBJECT' : 'COMPOSITE' };
    const version = this.store.putVersion(bucket, key, {
      deleteMarker: false,
      etag: `${md5s.digest('hex')}-${parts.length}`,
      size: parts.reduce((sum, part) => sum + part.size, 0),
      blob: blob.name,
      headers: upload.headers,
      checksum,
      partSizes: parts.map((part) => part.size),
    });
    this.store.endUpload(upload);
    sendXml(
      response,
      200,
      'CompleteMultipartUploadResult',
      [
        ['Location', `http://${String(request.headers.host)}/${bucket.name}/${key}`],
        ['Bucket', bucket.name],
        ['Key', key],
        ['ETag', quoted(version.etag)],
        [`Checksum${algorithm}`, value],
        ['ChecksumType', checksum.type],
      ],
      { ...versionHeader(bucket, version), 'x-amz-server-side-encryption': 'AES256' },
    );
  }
}

// ---- Helpers ---------------------------------------------------------------------------------------------------

function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI.');
  }
}

function latestVersion(bucket: Bucket, key: string): ObjectVersion | undefined {
  const latest = bucket.keys.get(key)?.[0];
  return latest?.deleteMarker === false ? latest : undefined;
}

function hasVersionsAfter(bucket: Bucket, keys: ReadonlyArray<string>, last: { key: string; versionId: string }): boolean {
  const versions = bucket.keys.get(last.key) ?? [];
  const index = versions.findIndex((version) => version.versionId === last.versionId);
  return index < versions.length - 1 || keys.indexOf(last.key) < keys.length - 1;
}

function sentChecksumAlgorithm(request: IncomingMessage): ChecksumAlgorithm | undefined {
  const inHeader = CHECKSUM_ALGORITHMS.find((algorithm) => request.headers[checksumHeader(algorithm)] !== undefined);
  if (inHeader !== undefined) {
    return inHeader;
  }
  return parseAlgorithm(/^x-amz-checksum-(\w+)$/u.exec(String(request.headers['x-amz-trailer'] ?? '').trim().toLowerCase())?.[1]);
}

function checkContentLength(request: IncomingMessage): void {
  const length = request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length'];
  if (length === undefined) {
    throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  if (Number(length) > MAX_OBJECT_SIZE) {
    throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: String(length), MaxSizeAllowed: MAX_OBJECT_SIZE });
  }
}

function storedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'binary/octet-stream' };
  for (const name of STORED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') {
      headers[name] = value;
    }
  }
  // aws-chunked is the transfer's framing, not the object's encoding.
  if (headers['content-encoding'] !== undefined) {
    const kept = headers['content-encoding'].split(',').map((token) => token.trim()).filter((token) => token !== '' && token !== 'aws-chunked');
    if (kept.length === 0) {
      delete headers['content-encoding'];
    } else {
      headers['content-encoding'] = kept.join(',');
    }
  }
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') {
      headers[name] = value;
    }
  }
  return headers;
}

function checksumHeaders(checksum: StoredChecksum): Record<string, string> {
  return { [checksumHeader(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

function versionHeader(bucket: Bucket, version: ObjectVersion): Record<string, string> {
  return bucket.versioning === undefined ? {} : { 'x-amz-version-id': version.versionId };
}

/** Whether the read should answer 304; throws 412 PreconditionFailed as S3 does (RFC 7232 order). */
function checkReadPreconditions(request: IncomingMessage, etag: string, lastModified: Date): boolean {
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

function boundedInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new S3Error(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: text });
  }
  return Math.min(value, fallback);
}

function quoted(etag: string): string {
  return `"${etag}"`;
}

function unquoted(etag: string): string {
  return etag.replace(/^"(.*)"$/u, '$1').replace(/^&quot;(.*)&quot;$/u, '$1');
}

function preconditionFailed(condition: string): S3Error {
  return new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
}

function methodNotAllowed(): S3Error {
  return new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

function malformedXml(): S3Error {
  return new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

function requestIds(): Record<string, string> {
  const id = randomUUID().replace(/-/gu, '').slice(0, 16).toUpperCase();
  return { 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(id).toString('base64') };
}

function sendXml(
  response: ServerResponse,
  status: number,
  root: string,
  children: ReadonlyArray<readonly [string, XmlValue]>,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(xmlDocument(root, children), 'utf8');
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...headers, ...requestIds() }).end(body);
}

function sendError(response: ServerResponse, method: string, error: S3Error): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const ids = requestIds();
  if (method === 'HEAD') {
    // A HEAD answer has no body: S3 sends the status (and headers) alone.
    response.writeHead(error.status, { ...error.headers, ...ids }).end();
    return;
  }
  const body = Buffer.from(
    xmlDocument('Error', [
      ['Code', error.code],
      ['Message', error.message],
      ...Object.entries(error.details).map(([name, value]) => [name, value] as const),
      ['RequestId', ids['x-amz-request-id']],
      ['HostId', ids['x-amz-id-2']],
    ]).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', ''),
    'utf8',
  );
  response.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...error.headers, ...ids }).end(body);
}
