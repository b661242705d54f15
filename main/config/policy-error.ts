/** The one way a policy fails: an error that stops the app and names the file and the field at fault. */

/** A policy that cannot be used; the app does not start, and the message names the file and the field. */
export interface PolicyError {
  readonly code: 'invalid-policy';
  readonly message: string;
  /** The field at fault (`"presignExpirySeconds"`, `"saveFolder.path"`), when one is. */
  readonly field?: string;
}

export function policyError(message: string, field?: string): { readonly ok: false; readonly error: PolicyError } {
  return { ok: false, error: { code: 'invalid-policy', message, ...(field === undefined ? {} : { field }) } };
}
