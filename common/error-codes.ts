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
  /** Why there is no signed-in person to act as (main/identity/). */
  identity: ['not-signed-in', 'session-expired', 'sign-in-failed', 'sign-in-cancelled', 'sign-in-not-configured', 'no-recognised-role'],
  /** Why a patient could not be confirmed, or may not be seen or downloaded by this person (main/patients/). */
  patient: ['patient-not-found', 'patient-number-superseded', 'patient-lookup-failed', 'not-permitted'],
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
export type IdentityErrorCode = (typeof ERROR_CODES.identity)[number];
export type PatientErrorCode = (typeof ERROR_CODES.patient)[number];
/** A download can also be refused before it starts: nobody signed in, the patient not found, the role rules. */
export type DownloadErrorCode =
  | (typeof ERROR_CODES.input)[number]
  | (typeof ERROR_CODES.download)[number]
  | AwsErrorCode
  | IdentityErrorCode
  | PatientErrorCode;
export type ArchiveErrorCode = (typeof ERROR_CODES.archive)[number];
export type BoundaryErrorCode = (typeof ERROR_CODES.boundary)[number];

/** Any code a failure may carry across the boundary. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES][number];
