import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Location } from './s3-location.js';

/** Presigns a GET for the ZIP whose Content-Disposition names the file the way the original system did, but quoted. */
export function presignZipDownload(s3: S3Client, location: S3Location, fileName: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      ResponseContentDisposition: `attachment; filename="${fileName}"`,
      ResponseContentType: 'application/zip',
    }),
    { expiresIn: expiresInSeconds },
  );
}
