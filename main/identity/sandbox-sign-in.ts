/**
 * `DOCSTORE_SANDBOX_USER=<id>`: signing in as one of the sandbox's synthetic people without a browser.
 *
 * It runs the same sign-in as the app (signInWithBrowser: PKCE, state, nonce, the loopback redirect, the ID token
 * validated), only the "browser" is this driver: it follows the sandbox provider's redirects over HTTP with a cookie
 * jar, chooses the person on the provider's own sign-in page, and lands on the loopback callback. It refuses any
 * provider that is not on this computer's loopback address over http, and any page that is not the sandbox's own.
 */
import type { Result } from '../../common/result.js';
import type { SignInConfig } from '../config/identity-config.js';
import { type ProviderOptions, type SignInFailure, type SignInTokens, isLoopbackIssuer, signInWithBrowser } from './oidc-sign-in.js';

/** The sandbox provider's sign-in page carries this; no real provider's page does. */
export const SANDBOX_SIGN_IN_MARKER = '<meta name="docstore-sandbox-sign-in" content="synthetic people only">';

/** Redirects and pages a sandbox sign-in may take: authorize → sign-in page → chosen → resume → callback. */
const MAX_STEPS = 12;

/** Signs in as the sandbox person `personId` through the sandbox provider's code flow. */
export async function signInAsSandboxPerson(
  config: SignInConfig,
  personId: string,
  options: ProviderOptions & { readonly signal?: AbortSignal } = {},
): Promise<Result<SignInTokens, SignInFailure>> {
  if (!isLoopbackIssuer(config.issuer)) {
    return {
      ok: false,
      error: {
        code: 'sign-in-not-configured',
        message: 'DOCSTORE_SANDBOX_USER signs in only to the built-in sandbox, and this computer signs in with a real sign-in service. Remove DOCSTORE_SANDBOX_USER and use `login`.',
      },
    };
  }
  const stopped = new AbortController();
  const signal = options.signal === undefined ? stopped.signal : AbortSignal.any([options.signal, stopped.signal]);
  let driving: Promise<void> = Promise.resolve();
  let driverFailure: SignInFailure | undefined;
  const signedIn = await signInWithBrowser(config, {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    signal,
    // Not awaited by the sign-in: the driver's last step is the callback, which is answered only once the sign-in has
    // finished with the tokens.
    openBrowser: (url) => {
      driving = driveSandboxSignIn(url, config.issuer, personId).then((driven) => {
        if (!driven.ok) {
          driverFailure = driven.error;
          stopped.abort();
        }
      });
    },
  });
  await driving;
  return driverFailure === undefined ? signedIn : { ok: false, error: driverFailure };
}

/** Follows the sandbox provider from the authorization URL to the loopback callback, choosing `personId`. */
export async function driveSandboxSignIn(authorizationUrl: string, issuer: string, personId: string): Promise<Result<void, SignInFailure>> {
  const providerOrigin = new URL(issuer).origin;
  const cookies = new Map<string, string>();
  let next: { url: URL; init: RequestInit } = { url: new URL(authorizationUrl), init: { method: 'GET' } };
  try {
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const atProvider = next.url.origin === providerOrigin;
      if (!atProvider && !isLoopbackIssuer(next.url.origin)) {
        return failure('The sandbox sign-in tried to leave this computer, so it was stopped.');
      }
      const headers = new Headers(next.init.headers);
      if (atProvider && cookies.size > 0) {
        headers.set('Cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
      }
      const response = await fetch(next.url, { ...next.init, headers, redirect: 'manual' });
      if (!atProvider) {
        // The loopback callback: the sign-in has its answer, and the tab's page says how it went.
        await response.body?.cancel();
        return { ok: true, value: undefined };
      }
      keepCookies(cookies, response.headers.getSetCookie());
      const location = response.headers.get('Location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        next = { url: new URL(location, next.url), init: { method: 'GET' } };
        continue;
      }
      const page = await response.text();
      if (!response.ok || !page.includes(SANDBOX_SIGN_IN_MARKER)) {
        return failure(`The sandbox sign-in page answered unexpectedly (HTTP ${response.status}).`);
      }
      const choice = choosePerson(page, personId);
      if (choice === undefined) {
        return failure(`There is no sandbox person with the id "${personId}". \`npm run -s cli -- sandbox-users\` lists them.`);
      }
      next = {
        url: new URL(choice.action, next.url),
        init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [choice.field]: personId }).toString() },
      };
    }
    return failure('The sandbox sign-in went round in circles, so it was stopped.');
  } catch {
    return failure('The sandbox sign-in service could not be reached. Is the sandbox still running?');
  }
}

/** The form and field that choose `personId` on the sandbox's sign-in page. */
function choosePerson(page: string, personId: string): { action: string; field: string } | undefined {
  for (const form of page.split(/<form\b/i).slice(1)) {
    const action = /^[^>]*\baction="([^"]*)"/i.exec(form)?.[1];
    for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
      const value = /\bvalue="([^"]*)"/i.exec(input)?.[1];
      const field = /\bname="([^"]*)"/i.exec(input)?.[1];
      if (action !== undefined && field !== undefined && value !== undefined && decodeEntities(value) === personId) {
        return { action: decodeEntities(action), field };
      }
    }
  }
  return undefined;
}

function keepCookies(cookies: Map<string, string>, setCookies: ReadonlyArray<string>): void {
  for (const setCookie of setCookies) {
    const [pair = ''] = setCookie.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      continue;
    }
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = /;\s*(?:max-age=0|expires=thu, 01 jan 1970)/i.test(setCookie);
    if (value === '' || expired) {
      cookies.delete(name);
    } else {
      cookies.set(name, value);
    }
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

function failure(message: string): { ok: false; error: SignInFailure } {
  return { ok: false, error: { code: 'sign-in-failed', message } };
}
