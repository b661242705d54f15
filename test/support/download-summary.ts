import type { DownloadSummary } from '../../common/download.js';

/** A verified save of one document, as `services.download` answers it; `overrides` set what a test looks at. */
export function downloadSummary(overrides: Partial<DownloadSummary> = {}): DownloadSummary {
  return {
    file: '/home/user/Documents/ZIPs/9990000018.zip',
    sha256: 'a'.repeat(64),
    bytes: 100,
    included: [{ id: 'd1', fileName: 'a.pdf', entryName: 'a.pdf' }],
    missing: [],
    excluded: [],
    correlationId: 'c1',
    zipLocation: 's3://zips/c1.zip',
    traceId: 't1',
    savedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
