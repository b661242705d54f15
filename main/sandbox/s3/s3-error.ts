/** An S3 error response: HTTP status, S3's error code and message, and any extra elements S3 adds. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string | number>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string, headers: Record<string, string> = {}): S3Error =>
  new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, headers);

export const noSuchUpload = (uploadId: string): S3Error =>
  new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  });

export const notImplemented = (what: string): S3Error =>
  new S3Error(501, 'NotImplemented', `A header or query you provided implies functionality that is not implemented (the sandbox's S3 does not do ${what}).`);
