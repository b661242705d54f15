// The one rule of which failures are worth another try, used by the SDK clients' retry strategy and every hand loop:
// throttling, 5xx, timeouts and network errors are; other 4xx, cancels and stalls are not.

/** How long a transfer may move no byte before it ends the job, unless the configuration says otherwise. */
export const DEFAULT_NO_BYTE_TIMEOUT_MS = 30_000;

/** Words a practice user reads when a transfer went silent; the job ends with them. */
export const STALLED_MESSAGE = 'The connection to the document store stopped responding. Nothing was saved.';

/** No byte moved for the no-byte deadline on a transfer (a response awaited, a body read or sent). Ends the job. */
export class StalledError extends Error {
  override readonly name = 'StalledError';

  constructor(silentForMs: number, options?: ErrorOptions) {
    super(`No byte moved for ${silentForMs} ms`, options);
  }
}

/** A response answered with a status the caller did not accept; carries the status for the rule below. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';

  constructor(readonly status: number) {
    super(`The server answered HTTP ${status}`);
  }
}

/** A body that ended before its length: the connection dropped, as far as a retry is concerned. */
export class ConnectionDroppedError extends Error {
  override readonly name = 'ConnectionDroppedError';
  readonly code = 'ECONNRESET';
}

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'BandwidthLimitExceeded',
  'TransactionInProgressException',
]);
// S3 answers 400 RequestTimeout when our side went quiet; the SDK names its connect timeout TimeoutError.
const TIMEOUT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429]);

/** Whether another try may succeed where this one failed. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error) || isCancel(error) || isStall(error)) {
    return false;
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    return status >= 500 || RETRYABLE_STATUSES.has(status) || THROTTLING_NAMES.has(error.name) || TIMEOUT_NAMES.has(error.name);
  }
  return THROTTLING_NAMES.has(error.name) || TIMEOUT_NAMES.has(error.name) || hasNetworkCode(error);
}

/**
 * Whether a transfer went silent past the no-byte deadline: our own StalledError (./no-byte-deadline.ts), or the SDK
 * handler's socket inactivity timeout on a request that sends a body (main/aws/clients.ts sets it to the same deadline). Not retried: a retry would start only after
 * the deadline and could spend another before failing, past the minute a stall may take to end the job.
 */
export function isStall(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  // @smithy/node-http-handler's words for its socketTimeout; test/integration/download/stall-*.test.ts pins them.
  return error instanceof StalledError || (error.name === 'TimeoutError' && /of inactivity/u.test(error.message)) || isStall(error.cause);
}

/** Whether the failure is a cancel (an AbortSignal fired), which must end the work at once. */
export function isCancel(error: Error): boolean {
  return error.name === 'AbortError';
}

/** The HTTP status a failure carries: an SDK service error's, or HttpStatusError's. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpStatusError) {
    return error.status;
  }
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

// Node system errors arrive alone or wrapped (AggregateError from happy eyeballs, `cause`).
function hasNetworkCode(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return true;
  }
  if (Array.isArray(errors) && errors.some(hasNetworkCode)) {
    return true;
  }
  return cause !== undefined && hasNetworkCode(cause);
}
