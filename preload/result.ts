/** An expected failure as it crosses any boundary: a stable code for logic, a message for people. */
export interface ErrorPayload {
  readonly code: string;
  readonly message: string;
}

/** Expected failures are values, never thrown across a boundary. */
export type Result<T, E extends ErrorPayload = ErrorPayload> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
