/** An expected failure as it crosses any boundary: a stable code for logic, a message for people. */
export interface ErrorPayload {
  readonly code: string;
  readonly message: string;
}

/** Why a call to AWS failed, as main/aws/errors.ts tells it to a practice user; shared by search and download. */
export type AwsErrorCode =
  | 'unreachable'
  | 'no-credentials'
  | 'expired-credentials'
  | 'access-denied'
  | 'not-found'
  | 'throttled'
  | 'cancelled'
  | 'unexpected';

/** Expected failures are values, never thrown across a boundary. */
export type Result<T, E extends ErrorPayload = ErrorPayload> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
