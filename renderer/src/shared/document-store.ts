/**
 * The renderer's only way to main: `window.documentStore`, set up by the preload (or the web preview's bridge).
 */
import type { DocumentStoreApi } from '../../../common/contract.js';
import type { ErrorPayload, Result } from '../../../common/result.js';

/** The bridge; every call returns a Result and never throws by contract. */
export function documentStore(): DocumentStoreApi {
  return window.documentStore;
}

const UNEXPECTED: ErrorPayload = {
  code: 'unexpected',
  message: 'Something went wrong that the app did not expect. Try again; if it keeps happening, contact your IT service desk.',
};

/**
 * Awaits a bridge call and turns a rejection into an error Result.
 *
 * The contract says calls settle with a Result, but a broken bridge could still reject; the user then sees a
 * message, never a stack.
 */
export async function settle<T>(call: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, error: UNEXPECTED };
  }
}
