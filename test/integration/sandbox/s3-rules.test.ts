import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumOf } from '../../../main/sandbox/s3/checksums.js';
import { SANDBOX_RESOURCES } from '../../../main/sandbox/provision.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';

// S3's rules the product relies on, asserted by their error codes so that no change of the sandbox's S3 can relax
// them unnoticed. Keys carry multi-byte characters so that characters and bytes differ.

const MIB = 1024 * 1024;

/** An S3 client on the test sandbox; `checksums` chooses the SDK's request and response checksum behaviour. */
function sandboxS3(options: { readonly checksums?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED'; readonly secret?: string; readonly accessKeyId?: string } = {}): S3Client {
  const env = sandboxEnv();
  return new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: options.accessKeyId ?? env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: options.secret ?? env.AWS_SECRET_ACCESS_KEY ?? '' },
    requestChecksumCalculation: options.checksums ?? 'WHEN_REQUIRED',
    responseChecksumValidation: options.checksums ?? 'WHEN_REQUIRED',
  });
}

async function refusal(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('S3 accepted what it must refuse');
}

function uniqueKey(name: string): string {
  return `tmp/${randomUUID().slice(0, 8)}/${name}`;
}

describe('the sandbox S3 keeps the multipart upload rules', () => {
  const s3 = sandboxS3();
  const bucket = `test-multipart-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => s3.destroy());

  async function upload(key: string, sizes: ReadonlyArray<number>): Promise<{ uploadId: string; parts: Array<{ PartNumber: number; ETag: string }> }> {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const uploadId = created.UploadId ?? '';
    const parts = [];
    for (const [index, size] of sizes.entries()) {
      const sent = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: index + 1, Body: randomBytes(size) }));
      parts.push({ PartNumber: index + 1, ETag: sent.ETag ?? '' });
    }
    return { uploadId, parts };
  }

  it('refuses at CompleteMultipartUpload a part under 5 MiB that is not the last, with EntityTooSmall', async () => {
    const key = uniqueKey('Überweisung – zu klein.zip');
    const { uploadId, parts } = await upload(key, [5 * MIB - 1, 1_000]);

    const error = await refusal(s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })));

    expect(error.name).toBe('EntityTooSmall');
    expect(error.$metadata.httpStatusCode).toBe(400);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  });

  it('completes parts of exactly 5 MiB with a short last part', async () => {
    const key = uniqueKey('Überweisung – gerade genug.zip');
    const { uploadId, parts } = await upload(key, [5 * MIB, 5 * MIB, 17]);

    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(10 * MIB + 17);
    expect(head.ETag).toMatch(/-3"$/u);
  });

  it.each([10_001, 0])('refuses part number %i with InvalidArgument', async (partNumber) => {
    const key = uniqueKey('Teil.zip');
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));

    const error = await refusal(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, PartNumber: partNumber, Body: Buffer.from('x') })),
    );

    expect(error.name).toBe('InvalidArgument');
    expect(error.$metadata.httpStatusCode).toBe(400);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId }));
  });

  it('accepts part number 10,000', async () => {
    const key = uniqueKey('Teil 10000.zip');
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));

    const sent = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, PartNumber: 10_000, Body: Buffer.from('x') }));

    expect(sent.ETag).toBeDefined();
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId }));
  });

  it('refuses parts listed out of order (InvalidPartOrder) or not as uploaded (InvalidPart)', async () => {
    const key = uniqueKey('Reihenfolge.zip');
    const { uploadId, parts } = await upload(key, [5 * MIB, 10]);

    const outOfOrder = await refusal(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [...parts].reverse() } })),
    );
    const wrongTag = await refusal(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: [parts[0] as { PartNumber: number; ETag: string }, { PartNumber: 2, ETag: '"0123456789abcdef0123456789abcdef"' }] },
        }),
      ),
    );

    expect(outOfOrder.name).toBe('InvalidPartOrder');
    expect(wrongTag.name).toBe('InvalidPart');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  });

  it('lists uploads in progress, and AbortMultipartUpload removes one for good (NoSuchUpload after)', async () => {
    const prefix = uniqueKey('');
    const key = `${prefix}Dossier médical – Þórunn.zip`;
    const { uploadId } = await upload(key, [1_000]);

    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    expect(listed.Uploads?.map((entry) => [entry.Key, entry.UploadId])).toEqual([[key, uploadId]]);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));

    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    expect(after.Uploads ?? []).toEqual([]);
    const again = await refusal(s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })));
    expect(again.name).toBe('NoSuchUpload');
    expect(again.$metadata.httpStatusCode).toBe(404);
    const part = await refusal(s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 2, Body: Buffer.from('x') })));
    expect(part.name).toBe('NoSuchUpload');
    const complete = await refusal(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } })),
    );
    expect(complete.name).toBe('NoSuchUpload');
  });
});

describe('the sandbox ZIP bucket is versioned', () => {
  const s3 = sandboxS3();
  const bucket = SANDBOX_RESOURCES.zipBucket;
  afterAll(() => s3.destroy());

  async function text(key: string, VersionId?: string): Promise<string> {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId }));
    return (await got.Body?.transformToString()) ?? '';
  }

  it('is created with versioning enabled', async () => {
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));

    expect(versioning.Status).toBe('Enabled');
  });

  it('keeps every version after a DeleteObject without VersionId, behind a delete marker', async () => {
    const key = uniqueKey('Compte rendu – Zoë.zip');
    const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'première' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'deuxième' }));
    expect(first.VersionId).toBeDefined();
    expect(second.VersionId).not.toBe(first.VersionId);

    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

    expect(deleted.DeleteMarker).toBe(true);
    const missing = await refusal(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    expect(missing.name).toBe('NoSuchKey');
    const head = await refusal(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    expect(head.$metadata.httpStatusCode).toBe(404);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    expect(versions.Versions?.map((version) => [version.VersionId, version.IsLatest])).toEqual([
      [second.VersionId, false],
      [first.VersionId, false],
    ]);
    expect(versions.DeleteMarkers?.map((marker) => [marker.VersionId, marker.IsLatest])).toEqual([[deleted.VersionId, true]]);
    expect(await text(key, first.VersionId)).toBe('première');
  });

  it('removes exactly the version a DeleteObject names, and the object returns when its delete marker is removed', async () => {
    const key = uniqueKey('Lettre de l’hôpital.zip');
    const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'un' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'deux' }));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

    const removed = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: second.VersionId }));
    expect(removed.VersionId).toBe(second.VersionId);
    const gone = await refusal(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: second.VersionId })));
    expect(gone.name).toBe('NoSuchVersion');

    const unmarked = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: marker.VersionId }));
    expect(unmarked.DeleteMarker).toBe(true);
    expect(await text(key)).toBe('un');

    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: first.VersionId }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    expect([...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]).toEqual([]);
  });
});

describe('the sandbox S3 returns and checks the checksums S3 does', () => {
  const bucket = `test-checksums-${randomUUID().slice(0, 8)}`;
  const plain = sandboxS3();
  const checking = sandboxS3({ checksums: 'WHEN_SUPPORTED' });

  beforeAll(async () => {
    await plain.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => {
    plain.destroy();
    checking.destroy();
  });

  it('stores a full-object CRC64NVME for an object sent without a checksum, and returns it when asked', async () => {
    const key = uniqueKey('Entlassungsbrief – Müller.pdf');
    const bytes = randomBytes(70_000);
    await plain.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));

    const head = await plain.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(checksumOf('CRC64NVME', bytes));
    expect(head.ChecksumType).toBe('FULL_OBJECT');
    // The SDK checks the returned CRC64NVME against the bytes it reads, with its own implementation.
    const got = await checking.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
  });

  it.each(['CRC64NVME', 'CRC32', 'CRC32C', 'SHA256'] as const)('verifies a %s the SDK computes, and refuses a wrong one with BadDigest', async (algorithm) => {
    const key = uniqueKey(`Résumé ${algorithm}.pdf`);
    const bytes = randomBytes(10_000);
    const sent = await checking.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ChecksumAlgorithm: algorithm }));
    expect(sent[`Checksum${algorithm}`]).toBe(checksumOf(algorithm, bytes));

    const wrong = checksumOf(algorithm, Buffer.from('other bytes'));
    const error = await refusal(plain.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, [`Checksum${algorithm}`]: wrong })));
    expect(error.name).toBe('BadDigest');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('stores a streamed body sent in aws-chunked framing as its bytes, checking the trailing checksum', async () => {
    const key = uniqueKey('Flux – Zoë.pdf');
    const bytes = randomBytes(300_000);

    const sent = await checking.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]), ContentLength: bytes.length }),
    );

    expect(sent.ChecksumCRC32).toBe(checksumOf('CRC32', bytes));
    const got = await plain.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
  });

  it('gives a multipart object the full-object CRC64NVME of its bytes', async () => {
    const key = uniqueKey('Dossier complet.zip');
    const parts = [randomBytes(5 * MIB), randomBytes(123_456)];
    const created = await plain.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'FULL_OBJECT' }));
    expect(created.ChecksumType).toBe('FULL_OBJECT');
    const sent = [];
    for (const [index, body] of parts.entries()) {
      const part = await plain.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, PartNumber: index + 1, Body: body, ChecksumCRC64NVME: checksumOf('CRC64NVME', body) }));
      sent.push({ PartNumber: index + 1, ETag: part.ETag ?? '' });
    }

    const completed = await plain.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, MultipartUpload: { Parts: sent } }));

    expect(completed.ChecksumCRC64NVME).toBe(checksumOf('CRC64NVME', Buffer.concat(parts)));
    expect(completed.ChecksumType).toBe('FULL_OBJECT');
    const head = await plain.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(completed.ChecksumCRC64NVME);
  });

  it('gives a SHA-256 multipart upload the composite checksum of its parts, and wants each part checksum at Complete', async () => {
    const key = uniqueKey('Dossier SHA.zip');
    const parts = [randomBytes(5 * MIB), randomBytes(1_000)];
    const created = await plain.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'SHA256' }));
    expect(created.ChecksumType).toBe('COMPOSITE');
    const sent = [];
    for (const [index, body] of parts.entries()) {
      const ChecksumSHA256 = checksumOf('SHA256', body);
      const part = await plain.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, PartNumber: index + 1, Body: body, ChecksumSHA256 }));
      sent.push({ PartNumber: index + 1, ETag: part.ETag ?? '', ChecksumSHA256 });
    }

    const missing = await refusal(
      plain.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, MultipartUpload: { Parts: sent.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) } }),
      ),
    );
    expect(missing.name).toBe('InvalidRequest');
    const completed = await plain.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: created.UploadId, MultipartUpload: { Parts: sent } }));

    const composite = checksumOf('SHA256', Buffer.concat(sent.map((part) => Buffer.from(part.ChecksumSHA256, 'base64'))));
    expect(completed.ChecksumSHA256).toBe(`${composite}-2`);
    expect(completed.ChecksumType).toBe('COMPOSITE');
  });
});

describe('the sandbox S3 checks signatures, presigned URLs, ranges and conditions', () => {
  const bucket = SANDBOX_RESOURCES.zipBucket;
  const s3 = sandboxS3();
  const key = uniqueKey('Überweisung – ärztlicher Bericht (1).zip');
  const bytes = randomBytes(100_000);
  let etag = '';

  beforeAll(async () => {
    etag = (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/zip' }))).ETag ?? '';
  });
  afterAll(() => s3.destroy());

  it('refuses a request signed with the wrong secret (SignatureDoesNotMatch) or an unknown key (InvalidAccessKeyId)', async () => {
    const wrongSecret = sandboxS3({ secret: 'not-the-secret' });
    const unknownKey = sandboxS3({ accessKeyId: 'AKIAUNKNOWN' });

    const mismatch = await refusal(wrongSecret.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    const unknown = await refusal(unknownKey.send(new GetObjectCommand({ Bucket: bucket, Key: key })));

    expect(mismatch.name).toBe('SignatureDoesNotMatch');
    expect(mismatch.$metadata.httpStatusCode).toBe(403);
    expect(unknown.name).toBe('InvalidAccessKeyId');
    wrongSecret.destroy();
    unknownKey.destroy();
  });

  it('serves a presigned GET with its response headers, and a byte range of it', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: 'attachment; filename="Bericht.zip"' }), { expiresIn: 60 });

    const whole = await fetch(url);
    const range = await fetch(url, { headers: { range: 'bytes=99000-' } });

    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="Bericht.zip"');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 99000-99999/${bytes.length}`);
    expect(Buffer.from(await range.arrayBuffer())).toEqual(bytes.subarray(99_000));
  });

  it('refuses an expired presigned URL (403 AccessDenied) and one whose signed parts were changed (SignatureDoesNotMatch)', async () => {
    const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const valid = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });

    const expiredAnswer = await fetch(expired);
    const tampered = await fetch(valid.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'));

    expect(expiredAnswer.status).toBe(403);
    expect(await expiredAnswer.text()).toContain('<Code>AccessDenied</Code>');
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers If-Match with 412 when the object changed and a range past the end with 416 InvalidRange', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });

    const matching = await fetch(url, { headers: { range: 'bytes=10-19', 'if-match': etag } });
    const changed = await fetch(url, { headers: { range: 'bytes=10-19', 'if-match': '"0123456789abcdef0123456789abcdef"' } });
    const pastEnd = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });

    expect(matching.status).toBe(206);
    expect(changed.status).toBe(412);
    expect(await changed.text()).toContain('<Code>PreconditionFailed</Code>');
    expect(pastEnd.status).toBe(416);
    expect(await pastEnd.text()).toContain('<Code>InvalidRange</Code>');
  });
});
