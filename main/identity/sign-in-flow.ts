/**
 * What the session needs of an OpenID Connect sign-in: start one (the browser, or the sandbox's headless driver) and
 * refresh it. main/identity/oidc-sign-in.ts implements it with openid-client.
 */
import type { IdentityErrorCode } from '../../common/error-codes.js';
import type { Result } from '../../common/result.js';

/** What a finished sign-in (or refresh) gives main: validated tokens and the ID token's claims. */
export interface SignInTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the ID token expires, in milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface SignInError {
  readonly code: IdentityErrorCode;
  readonly message: string;
}

/** The OpenID Connect flow the session drives (main/identity/oidc-sign-in.ts, or the sandbox's headless driver). */
export interface SignInFlow {
  start(options: { readonly onUrl: (url: string) => void; readonly signal: AbortSignal }): Promise<Result<SignInTokens, SignInError>>;
  refresh(refreshToken: string): Promise<Result<SignInTokens, SignInError>>;
}

