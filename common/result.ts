import type { ErrorCode } from './error-codes.js';

/** An expected failure as it crosses any boundary: a stable code for logic, a message for people. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Expected failures are values, never thrown across a boundary. Main's own start-up steps may use codes of their
 * own; what crosses to the renderer is an `ErrorPayload`, whose code is in the one table.
 */
export type Result<T, E extends { readonly code: string; readonly message: string } = ErrorPayload> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
