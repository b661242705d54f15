import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningS3, startS3Server } from '../../../main/sandbox/s3/server.js';

const CREDENTIALS = { accessKeyId: 'TESTKEY', secretAccessKey: 'TESTSECRET' };

function clientOf(server: RunningS3): S3Client {
  return new S3Client({ region: 'eu-west-2', endpoint: server.url, forcePathStyle: true, credentials: CREDENTIALS, maxAttempts: 1 });
}

describe('the sandbox S3 kept on disk', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('keeps buckets, versions, delete markers and uploads in progress across a restart', async () => {
    directory = await mkdtemp(join(tmpdir(), 'docstore-s3-store-'));
    const key = 'Dossier – Þórunn Ægisdóttir.zip';
    const first = await startS3Server({ credentials: CREDENTIALS, region: 'eu-west-2', directory });
    const before = clientOf(first);
    await before.send(new CreateBucketCommand({ Bucket: 'kept' }));
    await before.send(new PutBucketVersioningCommand({ Bucket: 'kept', VersioningConfiguration: { Status: 'Enabled' } }));
    const version = await before.send(new PutObjectCommand({ Bucket: 'kept', Key: key, Body: 'contenu' }));
    await before.send(new DeleteObjectCommand({ Bucket: 'kept', Key: key }));
    const upload = await before.send(new CreateMultipartUploadCommand({ Bucket: 'kept', Key: 'en cours.zip' }));
    before.destroy();
    await first.close();

    const second = await startS3Server({ credentials: CREDENTIALS, region: 'eu-west-2', directory });
    const after = clientOf(second);
    try {
      const versions = await after.send(new ListObjectVersionsCommand({ Bucket: 'kept' }));
      const uploads = await after.send(new ListMultipartUploadsCommand({ Bucket: 'kept' }));
      const old = await after.send(new GetObjectCommand({ Bucket: 'kept', Key: key, VersionId: version.VersionId }));

      expect(versions.Versions?.map((entry) => entry.VersionId)).toEqual([version.VersionId]);
      expect(versions.DeleteMarkers).toHaveLength(1);
      expect(uploads.Uploads?.map((entry) => entry.UploadId)).toEqual([upload.UploadId]);
      expect(await old.Body?.transformToString()).toBe('contenu');
    } finally {
      after.destroy();
      await second.close();
    }
  });

  it('accepts only its own access key', async () => {
    const server = await startS3Server({ credentials: CREDENTIALS, region: 'eu-west-2' });
    const stranger = new S3Client({ region: 'eu-west-2', endpoint: server.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 1 });
    try {
      await expect(stranger.send(new CreateBucketCommand({ Bucket: 'strangers' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    } finally {
      stranger.destroy();
      await server.close();
    }
  });
});
