import { type AwsErrorCode, ERROR_CODES, type IdentityErrorCode } from '../../common/error-codes.js';
import { CodedError } from '../errors.js';
import { STALLED_MESSAGE, isStall } from '../reliability/retryable.js';
import { failedCallOf } from './failed-call.js';

/** A failure explained for a practice user: what happened and what to do next. No SDK detail leaks through. */
export interface UserFacingError {
  readonly code: AwsErrorCode | IdentityErrorCode;
  readonly message: string;
}

export type { AwsErrorCode };

/** What the failing call was reaching, for the message. */
export interface AwsErrorContext {
  readonly service: 'DynamoDB' | 'S3' | 'SQS' | 'STS' | 'AWS';
  readonly resource: string;
  readonly endpoint?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden']);
const MISSING = new Set(['ResourceNotFoundException', 'NoSuchBucket', 'NoSuchKey', 'NotFound', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);
const THROTTLED = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'SlowDown', 'TooManyRequestsException']);

const PLAIN_CODES: ReadonlySet<string> = new Set<string>([...ERROR_CODES.identity, ...ERROR_CODES.aws]);

// For a failure none of our clients recorded (the clients record every call they make: main/aws/failed-call.ts).
const UNKNOWN_CALL: AwsErrorContext = { service: 'AWS', resource: 'the document store' };

/**
 * Turns an SDK or network error into a message a practice user can act on.
 *
 * The service and resource named are those of the call that failed, as its client recorded them; `expected` is used
 * only for an error no client recorded.
 */
export function describeAwsError(error: unknown, expected: AwsErrorContext = UNKNOWN_CALL): UserFacingError {
  const context = failedCallOf(error) ?? expected;
  const name = error instanceof Error ? error.name : '';
  const code = networkCodeOf(error);
  const where = context.endpoint ?? `AWS ${context.service}`;
  // The sign-in's own failures (main/identity/: the session ended, STS refused the person) already speak plainly.
  if (error instanceof CodedError && PLAIN_CODES.has(String(error.code))) {
    return { code: error.code as AwsErrorCode | IdentityErrorCode, message: error.message };
  }
  if (name === 'AbortError' || (error instanceof Error && error.message === 'This operation was aborted')) {
    return { code: 'cancelled', message: 'Cancelled.' };
  }
  if (isStall(error)) {
    return { code: 'unreachable', message: STALLED_MESSAGE };
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError') {
    return {
      code: 'unreachable',
      message: `Cannot reach ${context.service} at ${where} (${code ?? 'no connection in time'}). Check your network connection, or that the sandbox or endpoint is running, then try again.`,
    };
  }
  if (name === 'CredentialsProviderError') {
    return {
      code: 'no-credentials',
      message: 'No AWS sign-in was found on this computer. Sign in with your usual sign-in tool (for example AWS SSO), then try again.',
    };
  }
  if (EXPIRED.has(name)) {
    return { code: 'expired-credentials', message: 'Your sign-in has expired. Sign in again, then retry.' };
  }
  if (DENIED.has(name)) {
    return {
      code: 'access-denied',
      message: `Access to ${context.service} ${context.resource} was denied. Ask your administrator to check your permissions, then try again.`,
    };
  }
  if (MISSING.has(name)) {
    return {
      code: 'not-found',
      message: `${context.service} ${context.resource} was not found at ${where}. Check the configured name and region with your administrator.`,
    };
  }
  if (THROTTLED.has(name)) {
    return { code: 'throttled', message: `${context.service} is busy right now. Wait a minute, then try again.` };
  }
  return {
    code: 'unexpected',
    message: `${context.service} could not complete the request${name ? ` (${name})` : ''}. Try again; if it keeps happening, contact your IT service desk.`,
  };
}

// Network failures arrive as Node system errors, sometimes wrapped (AggregateError or `cause`).
function networkCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return code;
  }
  if (Array.isArray(errors)) {
    return errors.map(networkCodeOf).find((found) => found !== undefined);
  }
  return cause === undefined ? undefined : networkCodeOf(cause);
}
