/**
 * What went wrong with a sign-in, in words for a practice user, from whatever openid-client or the network threw.
 *
 * The words never carry a token, a code or the provider's own error text (which may echo request values); the
 * provider's host is the only detail given, so the IT service desk knows which service was involved.
 */
import { AuthorizationResponseError, ResponseBodyError } from 'openid-client';

export type SignInFailureCode = 'sign-in-failed' | 'sign-in-cancelled' | 'sign-in-not-configured' | 'session-expired';

export interface SignInFailure {
  readonly code: SignInFailureCode;
  readonly message: string;
}

const TRY_AGAIN = 'Try again; if it keeps happening, tell your IT service desk.';

export const SIGN_IN_WORDS = {
  cancelledAtProvider: 'Signing in was cancelled, so you have not been signed in.',
  cancelled: 'Signing in was stopped before it finished.',
  timedOut: 'Signing in was not finished in time, so it has been stopped. Sign in again when you are ready.',
  refused: `The sign-in service did not sign you in. ${TRY_AGAIN}`,
  unverified: `The answer from the sign-in service could not be verified, so you have not been signed in. ${TRY_AGAIN}`,
  expired: "The answer from the sign-in service had expired. Check that this computer's date and time are right, then sign in again.",
  ended: 'Your sign-in has ended. Please sign in again.',
  notAnswering: `The sign-in service did not answer as expected. ${TRY_AGAIN}`,
  noLoopback: `Document Store Desktop could not listen on this computer for the end of the sign-in (127.0.0.1). ${TRY_AGAIN}`,
  noBrowser: 'The web browser could not be opened to sign in. Open a browser, or ask your IT service desk to set one as the default.',
} as const;

/** The failure for an error thrown while finding the provider, signing in, or renewing a sign-in. */
export function signInFailure(error: unknown, issuer: string, during: 'discovery' | 'sign-in' | 'refresh'): SignInFailure {
  if (error instanceof AuthorizationResponseError) {
    return error.error === 'access_denied'
      ? { code: 'sign-in-cancelled', message: SIGN_IN_WORDS.cancelledAtProvider }
      : { code: 'sign-in-failed', message: SIGN_IN_WORDS.refused };
  }
  if (error instanceof ResponseBodyError) {
    return during === 'refresh' && error.error === 'invalid_grant'
      ? { code: 'session-expired', message: SIGN_IN_WORDS.ended }
      : { code: 'sign-in-failed', message: SIGN_IN_WORDS.refused };
  }
  const codes = errorCodes(error);
  if (codes.includes('OAUTH_JWT_TIMESTAMP_CHECK_FAILED')) {
    return { code: 'sign-in-failed', message: SIGN_IN_WORDS.expired };
  }
  if (isUnreachable(error, codes)) {
    return { code: 'sign-in-failed', message: `Document Store Desktop could not reach the sign-in service (${hostOf(issuer)}). Check your network connection and try again.` };
  }
  if (during === 'discovery' || codes.some((code) => NOT_ANSWERING_CODES.has(code))) {
    return { code: 'sign-in-failed', message: SIGN_IN_WORDS.notAnswering.replace('service', `service (${hostOf(issuer)})`) };
  }
  return { code: 'sign-in-failed', message: SIGN_IN_WORDS.unverified };
}

/** The `code`s along an error's chain of causes (openid-client's, then oauth4webapi's or Node's). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      codes.push(code);
    }
  }
  return codes;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The provider answered, but not with what OpenID Connect says it should (an HTTP error page, not JSON…). */
const NOT_ANSWERING_CODES = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_PARSE_ERROR', 'OAUTH_INVALID_SERVER_METADATA', 'OAUTH_MISSING_SERVER_METADATA']);

function isUnreachable(error: unknown, codes: ReadonlyArray<string>): boolean {
  if (codes.some((code) => NETWORK_CODES.has(code))) {
    return true;
  }
  // fetch reports a failed connection as a TypeError, and openid-client's request timeout as an abort.
  return (error instanceof TypeError && /fetch failed/i.test(error.message)) || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'));
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return 'not configured';
  }
}
