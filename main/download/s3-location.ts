/** A bucket and key parsed from the metadata's `s3://bucket/key` Location. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** Parses `s3://bucket/key`; undefined for anything else, so a malformed row is reported, not fetched. */
export function parseS3Location(location: string | undefined): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location ?? '');
  if (match === null) {
    return undefined;
  }
  return { bucket: match[1] ?? '', key: match[2] ?? '' };
}

/** Formats a bucket and key as `s3://bucket/key`. */
export function formatS3Location({ bucket, key }: S3Location): string {
  return `s3://${bucket}/${key}`;
}
