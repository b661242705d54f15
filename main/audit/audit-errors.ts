/**
 * Why an audit event did not reach the queue, and which failures are worth another try.
 *
 * Two outcomes a practice user can see: the queue could not be reached in time (try again later), and the queue
 * refused the event (trying again cannot help; IT must look). The download pipeline fails closed on both.
 */
import { type AwsErrorContext, describeAwsError } from '../aws/errors.js';
import { isRetryable } from '../reliability/retryable.js';

/** What a practice user reads when an audit event cannot be recorded now; the download pipeline fails closed on it. */
export const AUDIT_UNAVAILABLE_MESSAGE =
  'The audit service could not record this download, so nothing was saved. Check your connection and try again.';

/** What a practice user reads when the queue refused the record for good: a reference for IT, no advice to retry. */
export function auditRefusedMessage(correlationId: string): string {
  return `The audit service refused the record of this download. Nothing was saved. Report this to IT with reference ${correlationId}.`;
}

/** The audit queue did not accept an event after every retry. */
export class AuditUnavailableError extends Error {
  readonly code = 'audit-unavailable' as const;
  /** The last failure explained (by `describeAwsError`), for logs and support; not for the practice user's screen. */
  readonly detail: string;

  constructor(detail: string, options?: { readonly cause?: unknown }) {
    super(AUDIT_UNAVAILABLE_MESSAGE, options);
    this.name = 'AuditUnavailableError';
    this.detail = detail;
  }
}

/** The audit queue refused an event in a way no retry can change: too large, invalid, denied, or no such queue. */
export class AuditRefusedError extends Error {
  readonly code = 'audit-refused' as const;
  /** What the queue said, for logs and IT; the user is shown `auditRefusedMessage`. */
  readonly detail: string;

  constructor(detail: string, options?: { readonly cause?: unknown }) {
    super(`The audit queue refused the event: ${detail}`, options);
    this.name = 'AuditRefusedError';
    this.detail = detail;
  }
}

/** Entries of a batch the queue did not take, for reasons of its own (not the sender's): worth another try. */
export class AuditEntriesNotAccepted extends Error {
  constructor(failureCodes: readonly string[], waiting: number) {
    super(`${waiting} audit entries were not accepted (${failureCodes.join(', ') || 'no answer'})`);
    this.name = 'AuditEntriesNotAccepted';
  }
}

/** How a failed send is treated: tried again, given up as refused, or given up as unavailable. */
export type AuditFailureKind = 'retry' | 'refused' | 'unavailable';

/**
 * What is worth another try is the app's one rule (`isRetryable`: throttling, 5xx, timeouts, network). Of the rest,
 * an answer from SQS that blames the request (a 4xx such as `InvalidParameterValue` for a message over the queue's
 * limit, access denied, no such queue) is a refusal; anything else (a sign-in problem, a stall) leaves the audit
 * unavailable.
 */
export function auditFailureKind(error: unknown, context: AwsErrorContext): AuditFailureKind {
  if (error instanceof AuditRefusedError) {
    return 'refused';
  }
  if (error instanceof AuditEntriesNotAccepted || isRetryable(error)) {
    return 'retry';
  }
  const { code } = describeAwsError(error, context);
  if (code === 'no-credentials' || code === 'expired-credentials') {
    return 'unavailable';
  }
  return code === 'access-denied' || code === 'not-found' || isClientFault(error) ? 'refused' : 'unavailable';
}

/** Turns the last failure of a send into the error its callers handle. */
export function auditFailure(error: unknown, context: AwsErrorContext): AuditRefusedError | AuditUnavailableError {
  if (error instanceof AuditRefusedError) {
    return error;
  }
  const detail = describeAwsError(error, context).message;
  const name = error instanceof Error && error.name !== 'Error' ? ` (${error.name})` : '';
  return auditFailureKind(error, context) === 'refused'
    ? new AuditRefusedError(`${detail}${name}`, { cause: error })
    : new AuditUnavailableError(detail, { cause: error });
}

// The SDK marks every error the service blamed on the request as a client fault.
function isClientFault(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { $fault?: unknown }).$fault === 'client';
}
