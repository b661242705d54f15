/**
 * Every code an expected failure may cross the boundary with, declared once by where it arises. The unions the
 * rest of the code uses (AwsErrorCode, DownloadErrorCode, ArchiveErrorCode, ErrorCode) are derived from this table,
 * so a code that is not here does not compile.
 */
export const ERROR_CODES = {
  /** Why a call to AWS failed, as main/aws/errors.ts tells it to a practice user; shared by search and download. */
  aws: ['unreachable', 'no-credentials', 'expired-credentials', 'access-denied', 'not-found', 'throttled', 'cancelled', 'unexpected'],
  /** What the person asked for cannot be done as asked. */
  input: ['invalid-nhs-number'],
  /** Why a download ended without a verified file. */
  download: [
    'nothing-to-download',
    'chosen-documents-gone',
    'all-missing',
    'audit-unavailable',
    'audit-refused',
    'folder-not-writable',
    'folder-missing',
    'disk-full',
    'download-failed',
    'zip-too-large',
    'verification-failed',
  ],
  /** Why an archive operation failed, for the UI to pick its next step. */
  archive: [
    'not-found',
    'file-missing',
    'file-unreadable',
    'file-changed',
    'hash-mismatch',
    'not-a-zip',
    'unsafe-entry',
    'entry-not-found',
    'too-large',
    'index-unreadable',
    'save-failed',
  ],
  /** Refusals at the boundary itself: the request, the window's state, the settings. */
  boundary: ['invalid-request', 'untrusted-sender', 'no-folder', 'busy', 'locked', 'unknown-file', 'open-failed', 'archive-unavailable'],
} as const;

export type AwsErrorCode = (typeof ERROR_CODES.aws)[number];
export type DownloadErrorCode = (typeof ERROR_CODES.input)[number] | (typeof ERROR_CODES.download)[number] | AwsErrorCode;
export type ArchiveErrorCode = (typeof ERROR_CODES.archive)[number];
export type BoundaryErrorCode = (typeof ERROR_CODES.boundary)[number];

/** Any code a failure may carry across the boundary. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES][number];
