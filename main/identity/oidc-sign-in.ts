/**
 * Signing a person in with OpenID Connect as a native app (RFC 8252): the system browser, the authorization code
 * flow with PKCE (S256), `state` and `nonce`, and a loopback redirect on 127.0.0.1; then renewing that sign-in with
 * its refresh token.
 *
 * openid-client validates every ID token: issuer, audience, expiry, nonce (at sign-in) and, because
 * enableNonRepudiationChecks is on, its signature against the provider's JWKS, not only the TLS connection it came
 * over. Plain http is allowed only for a provider on this computer's loopback address (the built-in sandbox).
 */
import * as client from 'openid-client';
import type { Result } from '../../common/result.js';
import type { SignInConfig } from '../config/identity-config.js';
import { type CallbackOutcome, type LoopbackRedirect, openLoopbackRedirect } from './loopback-redirect.js';
import { SIGN_IN_WORDS, type SignInFailure, signInFailure } from './sign-in-errors.js';

export type { SignInFailure } from './sign-in-errors.js';

/** A finished sign-in (or renewal): validated tokens and the ID token's claims. */
export interface SignInTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the ID token expires, in milliseconds since the epoch (its `exp`). */
  readonly expiresAt: number;
  /** The validated ID token's claims. */
  readonly claims: Readonly<client.IDToken>;
}

/** How the provider is reached; `fetch` replaces the global one (tests, a corporate proxy). */
export interface ProviderOptions {
  readonly fetch?: client.CustomFetch;
}

export interface BrowserSignInOptions extends ProviderOptions {
  /** Opens the system browser at the authorization URL. */
  openBrowser(url: string): Promise<void> | void;
  /** Told the authorization URL before the browser opens, so it can be shown where no browser opens. */
  onUrl?(url: string): void;
  /** Ends the wait for the browser: 'sign-in-cancelled'. */
  readonly signal?: AbortSignal;
  /** How long to wait for the person to finish in the browser; default ten minutes. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Signs the person in through the system browser and returns validated tokens. */
export async function signInWithBrowser(config: SignInConfig, options: BrowserSignInOptions): Promise<Result<SignInTokens, SignInFailure>> {
  if (options.signal?.aborted === true) {
    return failed('sign-in-cancelled', SIGN_IN_WORDS.cancelled);
  }
  const discovered = await discoverProvider(config, options);
  if (!discovered.ok) {
    return discovered;
  }
  const provider = discovered.value;
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  let redirect: LoopbackRedirect;
  try {
    redirect = await openLoopbackRedirect(state);
  } catch {
    return failed('sign-in-failed', SIGN_IN_WORDS.noLoopback);
  }
  try {
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: redirect.redirectUri,
      scope: config.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(config.acrValues === undefined || config.acrValues === '' ? {} : { acr_values: config.acrValues }),
    }).href;
    options.onUrl?.(url);
    try {
      await options.openBrowser(url);
    } catch {
      if (options.onUrl === undefined) {
        return failed('sign-in-failed', SIGN_IN_WORDS.noBrowser);
      }
    }
    const waited = await waitFor(redirect.arrival, options.signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (waited === 'aborted') {
      return failed('sign-in-cancelled', SIGN_IN_WORDS.cancelled);
    }
    if (waited === 'timed-out') {
      return failed('sign-in-cancelled', SIGN_IN_WORDS.timedOut);
    }
    const result = await exchangeCode(provider, config.issuer, waited.url, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce });
    await waited.respond(outcomeOf(result));
    return result;
  } finally {
    await redirect.close();
  }
}

/** Renews a sign-in with its refresh token; the new ID token is validated as the first was. */
export async function refreshSignIn(config: SignInConfig, refreshToken: string, options: ProviderOptions = {}): Promise<Result<SignInTokens, SignInFailure>> {
  const discovered = await discoverProvider(config, options);
  if (!discovered.ok) {
    return discovered;
  }
  try {
    const response = await client.refreshTokenGrant(discovered.value, refreshToken);
    return tokensFrom(response, refreshToken);
  } catch (error) {
    return { ok: false, error: signInFailure(error, config.issuer, 'refresh') };
  }
}

/** True for an http issuer on this computer's loopback address: the built-in sandbox, never a real provider. */
export function isLoopbackIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

async function discoverProvider(config: SignInConfig, options: ProviderOptions): Promise<Result<client.Configuration, SignInFailure>> {
  const issuer = parseIssuer(config.issuer);
  if (issuer === undefined || config.clientId.trim() === '') {
    return failed('sign-in-not-configured', 'Signing in is not set up on this computer. Ask your IT service desk to set the sign-in service and client id.');
  }
  if (issuer.protocol !== 'https:' && !isLoopbackIssuer(config.issuer)) {
    return failed('sign-in-not-configured', 'The sign-in service address must start with https://. Ask your IT service desk to correct it.');
  }
  const execute = [client.enableNonRepudiationChecks];
  if (isLoopbackIssuer(config.issuer)) {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- only for the sandbox on this computer's loopback address
    execute.push(client.allowInsecureRequests);
  }
  try {
    const provider = await client.discovery(issuer, config.clientId, undefined, client.None(), {
      execute,
      ...(options.fetch === undefined ? {} : { [client.customFetch]: options.fetch }),
    });
    return { ok: true, value: provider };
  } catch (error) {
    return { ok: false, error: signInFailure(error, config.issuer, 'discovery') };
  }
}

async function exchangeCode(
  provider: client.Configuration,
  issuer: string,
  callbackUrl: URL,
  checks: client.AuthorizationCodeGrantChecks,
): Promise<Result<SignInTokens, SignInFailure>> {
  try {
    return tokensFrom(await client.authorizationCodeGrant(provider, callbackUrl, { ...checks, idTokenExpected: true }));
  } catch (error) {
    return { ok: false, error: signInFailure(error, issuer, 'sign-in') };
  }
}

function tokensFrom(response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, previousRefreshToken?: string): Result<SignInTokens, SignInFailure> {
  const claims = response.claims();
  if (response.id_token === undefined || claims === undefined) {
    return failed('sign-in-failed', SIGN_IN_WORDS.unverified);
  }
  // A provider that does not rotate refresh tokens answers a renewal without one: the old one stays good.
  const refreshToken = response.refresh_token ?? previousRefreshToken;
  return {
    ok: true,
    value: {
      idToken: response.id_token,
      accessToken: response.access_token,
      ...(refreshToken === undefined ? {} : { refreshToken }),
      expiresAt: claims.exp * 1000,
      claims,
    },
  };
}

/** The browser's arrival, or why the wait ended without one. */
async function waitFor<T>(arrival: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number): Promise<T | 'aborted' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      arrival,
      new Promise<'timed-out'>((resolve) => {
        timer = setTimeout(() => resolve('timed-out'), timeoutMs);
      }),
      new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal?.aborted === true) {
          onAbort();
        }
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function outcomeOf(result: Result<SignInTokens, SignInFailure>): CallbackOutcome {
  if (result.ok) {
    return 'signed-in';
  }
  return result.error.code === 'sign-in-cancelled' ? 'cancelled' : 'failed';
}

function parseIssuer(issuer: string): URL | undefined {
  try {
    return issuer.trim() === '' ? undefined : new URL(issuer);
  } catch {
    return undefined;
  }
}

function failed(code: SignInFailure['code'], message: string): { ok: false; error: SignInFailure } {
  return { ok: false, error: { code, message } };
}
