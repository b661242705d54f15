import { type RequestContext, OWNER, boundedInteger, quoted, sendXml } from './request-context.js';
import { type Bucket, type ObjectVersion, compareKeys } from './store.js';
import type { XmlValue } from './xml.js';

// A bucket's listings of its objects: ListObjects and ListObjectsV2 (the latest version of each key, with prefixes,
// delimiters and markers or continuation tokens) and ListObjectVersions (every version and delete marker).

export function listObjects(bucket: Bucket, context: RequestContext): void {
  const { query } = context;
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
  sendXml(context.response, 200, 'ListBucketResult', [
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

export function listObjectVersions(bucket: Bucket, context: RequestContext): void {
  const { query } = context;
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
  sendXml(context.response, 200, 'ListVersionsResult', [
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

function hasVersionsAfter(bucket: Bucket, keys: ReadonlyArray<string>, last: { key: string; versionId: string }): boolean {
  const versions = bucket.keys.get(last.key) ?? [];
  const index = versions.findIndex((version) => version.versionId === last.versionId);
  return index < versions.length - 1 || keys.indexOf(last.key) < keys.length - 1;
}
