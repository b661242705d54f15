import { createRemoteJWKSet, decodeJwt, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInConfig } from '../../../main/config/identity-config.js';
import { refreshSignIn, signInWithBrowser } from '../../../main/identity/oidc-sign-in.js';
import { identityFromClaims, roleCodeOf } from '../../../main/identity/roles.js';
import { signInAsSandboxPerson } from '../../../main/identity/sandbox-sign-in.js';
import { type RunningOidcProvider, startOidcProvider } from '../../../main/sandbox/identity/oidc-provider.js';
import { SANDBOX_PEOPLE } from '../../../main/sandbox/identity/sandbox-people.js';
import { BrowserStandIn, type VisitedPage } from './browser-stand-in.js';
import { type FakeAuthorizationServer, startFakeAuthorizationServer } from './fake-authorization-server.js';

// The sign-in as the app runs it (openid-client, PKCE, state, nonce, the loopback redirect) against the sandbox's
// certified provider, and against a fake provider for ID tokens the real one would never issue.

const SCOPES = ['openid', 'profile', 'nationalrbacaccess', 'selectedrole'];
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

function configFor(issuer: string, clientId = 'document-store-desktop'): SignInConfig {
  return { issuer, clientId, scopes: SCOPES, idleTimeoutMs: 30 * 60 * 1000 };
}

/** Words for a practice user: no token, code or technical error text. */
function expectPlainWords(message: string, ...secrets: ReadonlyArray<string>): void {
  expect(message).toMatch(/^[A-Z][^{}<>]*[.)]$/);
  expect(message).not.toMatch(/eyJ|OAUTH_|invalid_|Error|undefined/);
  for (const secret of secrets) {
    expect(message).not.toContain(secret);
  }
}

describe('signing in at the sandbox provider', () => {
  let provider: RunningOidcProvider;
  let config: SignInConfig;

  beforeAll(async () => {
    provider = await startOidcProvider();
    config = configFor(provider.issuer, provider.clientId);
  });
  afterAll(() => provider.stop());

  /** Signs in with the browser stand-in doing what `act` says on the provider's page; a failing step stops the sign-in. */
  async function signInThrough(act: (browser: BrowserStandIn, page: VisitedPage) => Promise<VisitedPage>, browser = new BrowserStandIn()) {
    const stop = new AbortController();
    let finished: Promise<VisitedPage | undefined> | undefined;
    const result = await signInWithBrowser(config, {
      openBrowser: (url) => {
        finished = browser
          .open(url)
          .then((page) => act(browser, page))
          .catch(() => {
            stop.abort();
            return undefined;
          });
      },
      signal: stop.signal,
    });
    return { result, browser, callbackPage: await finished };
  }

  it.each(SANDBOX_PEOPLE.map((person) => [person.id, person] as const))('signs in sandbox person %s through the code flow', async (_id, person) => {
    const signedIn = await signInAsSandboxPerson(config, person.id);
    if (!signedIn.ok) {
      throw new Error(signedIn.error.message);
    }
    const { claims, idToken, expiresAt } = signedIn.value;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: provider.clientId, sub: person.id, nhsid_useruid: person.id });
    expect(expiresAt).toBe(claims.exp * 1000);
    // The ID token is the provider's, signed with the key its JWKS publishes.
    await expect(jwtVerify(idToken, createRemoteJWKSet(new URL(provider.jwksUri)), { issuer: provider.issuer, audience: provider.clientId })).resolves.toBeTruthy();

    const identity = identityFromClaims(claims);
    expect(identity.id).toBe(person.id);
    expect(identity.name).toBe(`${person.givenName} ${person.familyName}`);
    const recognised = person.roles.filter((role) => roleCodeOf(role.cis2RoleCode) !== undefined);
    expect(identity.roles.map((role) => [role.personRoleId, role.odsCode, role.orgName])).toEqual(
      recognised.map((role) => [role.personRoleId, role.odsCode, role.orgName]),
    );
    const onlyRole = person.roles.length === 1 ? person.roles[0] : undefined;
    expect(claims.selected_roleid).toBe(onlyRole?.personRoleId);
    expect(claims['https://aws.amazon.com/source_identity']).toBe(person.id);
    expect(claims['https://aws.amazon.com/tags']).toEqual(
      onlyRole === undefined
        ? undefined
        : { principal_tags: { ods: [onlyRole.odsCode], role: [onlyRole.cis2RoleCode.split(':').at(-1)] }, transitive_tag_keys: ['ods', 'role'] },
    );
  });

  it('maps the three roles and the person who must choose', async () => {
    const roleCodes = async (id: string) => {
      const signedIn = await signInAsSandboxPerson(config, id);
      return signedIn.ok ? identityFromClaims(signedIn.value.claims) : undefined;
    };
    expect(await roleCodes('555000000001')).toMatchObject({ roles: [{ roleCode: 'GP_ADMIN' }], selectedRoleId: '555000000001-1' });
    expect(await roleCodes('555000000002')).toMatchObject({ roles: [{ roleCode: 'GP_CLINICAL' }] });
    expect(await roleCodes('555000000005')).toMatchObject({ roles: [{ roleCode: 'PCSE', odsCode: 'X26PC' }] });
    const twoRoles = await roleCodes('555000000006');
    expect(twoRoles?.roles.map((role) => role.roleCode)).toEqual(['GP_ADMIN', 'GP_CLINICAL']);
    expect(twoRoles).not.toHaveProperty('selectedRoleId');
    expect(await roleCodes('555000000007')).toMatchObject({ roles: [] });
  });

  it('sends PKCE S256, state, nonce and a random loopback port, and asks who signs in every time', async () => {
    const { result, browser, callbackPage } = await signInThrough((stand, page) => stand.press(page, 'login', { person: '555000000003' }));
    expect(result.ok).toBe(true);
    const authorize = browser.visited[0]!;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(callbackPage?.text).toContain('You are signed in. You can close this tab and return to Document Store Desktop.');
  });

  it('asks again who signs in when the browser is still signed in at the provider', async () => {
    const browser = new BrowserStandIn();
    const signInAs = async (person: string) => (await signInThrough((stand, page) => stand.press(page, 'login', { person }), browser)).result;
    expect(await signInAs('555000000001')).toMatchObject({ ok: true, value: { claims: { sub: '555000000001' } } });
    expect(await signInAs('555000000002')).toMatchObject({ ok: true, value: { claims: { sub: '555000000002' } } });
    expect(await signInAs('555000000002')).toMatchObject({ ok: true, value: { claims: { sub: '555000000002' } } });
  });

  it('takes only its own client with PKCE and a loopback /callback redirect', async () => {
    let authorize: URL | undefined;
    await signInWithBrowser(config, {
      openBrowser: (url) => {
        authorize = new URL(url);
      },
      timeoutMs: 1,
    });
    const attempt = async (change: (url: URL) => void) => {
      const url = new URL(authorize!);
      change(url);
      const response = await fetch(url, { redirect: 'manual' });
      await response.body?.cancel();
      return { status: response.status, location: response.headers.get('Location') ?? '' };
    };
    expect((await attempt((url) => url.searchParams.set('redirect_uri', 'http://127.0.0.1:5555/elsewhere'))).status).toBe(400);
    expect((await attempt((url) => url.searchParams.set('redirect_uri', 'http://attacker.example/callback'))).status).toBe(400);
    expect((await attempt((url) => url.searchParams.set('client_id', 'another-app'))).status).toBe(400);
    const withoutPkce = await attempt((url) => url.searchParams.delete('code_challenge'));
    expect(new URL(withoutPkce.location).searchParams.get('error')).toBe('invalid_request');
    // Any loopback port is the registered redirect (RFC 8252 §7.3).
    const otherPort = await attempt((url) => url.searchParams.set('redirect_uri', 'http://127.0.0.1:5555/callback'));
    expect(otherPort.location).toMatch(/^\/interaction\//);
  });

  it('shows a sign-in page with a labelled choice for every synthetic person', async () => {
    let signInPage: VisitedPage | undefined;
    await signInThrough(async (stand, page) => {
      signInPage = page;
      return stand.press(page, 'cancel');
    });
    const text = signInPage?.text ?? '';
    expect(text).toContain('<html lang="en">');
    expect(text).toMatch(/<legend>[^<]+<\/legend>/);
    for (const person of SANDBOX_PEOPLE) {
      expect(text).toContain(`<input type="radio" name="person" id="person-${person.id}"`);
      expect(text).toContain(`<label for="person-${person.id}"><strong>${person.givenName} ${person.familyName}</strong>`);
      for (const role of person.roles) {
        expect(text).toContain(role.orgName);
      }
    }
    expect(text).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(text).toMatch(/<button type="submit"[^>]*>Cancel<\/button>/);
  });

  it('never shows the authorization code on the page the browser lands on', async () => {
    const { result, browser, callbackPage } = await signInThrough((stand, page) => stand.press(page, 'login', { person: '555000000001' }));
    expect(result.ok).toBe(true);
    const callback = browser.visited.find((url) => url.pathname === '/callback');
    const code = callback?.searchParams.get('code');
    expect(code).toBeTruthy();
    expect(callbackPage?.text).not.toContain(code);
    expect(callbackPage?.text).not.toContain(callback?.searchParams.get('state'));
  });

  it('is cancelled when the person cancels at the provider (access_denied)', async () => {
    const { result, callbackPage } = await signInThrough((stand, page) => stand.press(page, 'cancel'));
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
    expectPlainWords(result.ok ? '' : result.error.message);
    expect(callbackPage?.text).toContain('Signing in was cancelled. You can close this tab and return to Document Store Desktop.');
  });

  it('is cancelled by its signal, and stops listening on the loopback port', async () => {
    const controller = new AbortController();
    let redirectUri = '';
    const result = await signInWithBrowser(config, {
      openBrowser: (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        controller.abort();
      },
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled' } });
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('ends when the person does not finish in time', async () => {
    const result = await signInWithBrowser(config, { openBrowser: () => undefined, timeoutMs: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-cancelled', message: expect.stringContaining('not finished in time') } });
  });

  it('refuses a callback carrying another state, and still finishes the real one', async () => {
    let refused: Response | undefined;
    const { result } = await signInThrough(async (stand, page) => {
      const redirectUri = new URL(stand.visited[0]!).searchParams.get('redirect_uri');
      refused = await fetch(`${redirectUri}?code=forged-code&state=forged-state`);
      return stand.press(page, 'login', { person: '555000000002' });
    });
    expect(refused?.status).toBe(400);
    const refusedPage = await refused?.text();
    expect(refusedPage).toContain('not part of the sign-in Document Store Desktop started');
    expect(refusedPage).not.toContain('forged-code');
    expect(result).toMatchObject({ ok: true, value: { claims: { sub: '555000000002' } } });
  });

  it('renews the sign-in with a rotated refresh token and a freshly validated ID token', async () => {
    const signedIn = await signInAsSandboxPerson(config, '555000000005');
    if (!signedIn.ok || signedIn.value.refreshToken === undefined) {
      throw new Error('expected a refresh token');
    }
    const renewed = await refreshSignIn(config, signedIn.value.refreshToken);
    expect(renewed).toMatchObject({ ok: true, value: { claims: { iss: provider.issuer, aud: provider.clientId, sub: '555000000005' } } });
    if (!renewed.ok) {
      return;
    }
    expect(renewed.value.refreshToken).toBeDefined();
    expect(renewed.value.refreshToken).not.toBe(signedIn.value.refreshToken);
    expect(renewed.value.accessToken).not.toBe(signedIn.value.accessToken);
    await expect(jwtVerify(renewed.value.idToken, createRemoteJWKSet(new URL(provider.jwksUri)), { audience: provider.clientId })).resolves.toBeTruthy();
    // A refresh token is good once: using the old one again ends the sign-in.
    const reused = await refreshSignIn(config, signedIn.value.refreshToken);
    expect(reused).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expectPlainWords(reused.ok ? '' : reused.error.message, signedIn.value.refreshToken);
  });

  it('drives the sandbox only, and names an unknown person plainly', async () => {
    expect(await signInAsSandboxPerson(configFor('https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2'), '555000000001')).toMatchObject({
      ok: false,
      error: { code: 'sign-in-not-configured', message: expect.stringContaining('only to the built-in sandbox') },
    });
    expect(await signInAsSandboxPerson(config, 'nobody')).toMatchObject({
      ok: false,
      error: { code: 'sign-in-failed', message: expect.stringContaining('no sandbox person with the id "nobody"') },
    });
  });
});

describe('the sandbox provider exchanges an ID token for a PDS access token (RFC 8693)', () => {
  const PDS = 'http://127.0.0.1:9/personal-demographics/FHIR/R4';
  let now = Date.now();
  let provider: RunningOidcProvider;
  let idToken: string;

  beforeAll(async () => {
    provider = await startOidcProvider({ now: () => now });
    const signedIn = await signInAsSandboxPerson(configFor(provider.issuer), '555000000004');
    idToken = signedIn.ok ? signedIn.value.idToken : '';
  });
  afterAll(() => provider.stop());

  function exchange(fields: Record<string, string>): Promise<Response> {
    return fetch(provider.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: TOKEN_EXCHANGE, client_id: provider.clientId, subject_token: idToken, subject_token_type: ID_TOKEN_TYPE, audience: PDS, ...fields }),
    });
  }

  it('issues a short-lived JWT for the audience, signed with the key the JWKS publishes', async () => {
    now = Date.now();
    const response = await exchange({});
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 600 });
    const { payload } = await jwtVerify(String(body.access_token), createRemoteJWKSet(new URL(provider.jwksUri)), { issuer: provider.issuer, audience: PDS });
    expect(payload).toMatchObject({ sub: '555000000004', selected_roleid: '555000000004-1' });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600);
  });

  it('refuses an expired, foreign or mislabelled subject token and a missing audience', async () => {
    now = (decodeJwt(idToken).exp ?? 0) * 1000 + 1000;
    expect(await exchange({}).then((response) => response.json())).toMatchObject({ error: 'invalid_grant' });
    now = Date.now();

    const { privateKey } = await generateKeyPair('RS256');
    const { SignJWT } = await import('jose');
    const foreign = await new SignJWT({ ...decodeJwt(idToken) }).setProtectedHeader({ alg: 'RS256', kid: 'x' }).sign(privateKey);
    expect(await exchange({ subject_token: foreign }).then((response) => response.json())).toMatchObject({ error: 'invalid_grant' });
    expect(await exchange({ subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' }).then((response) => response.json())).toMatchObject({ error: 'invalid_request' });
    expect(await exchange({ audience: 'not a url' }).then((response) => response.json())).toMatchObject({ error: 'invalid_target' });
  });
});

describe('ID token validation', () => {
  let fake: FakeAuthorizationServer;

  beforeAll(async () => {
    fake = await startFakeAuthorizationServer();
  });
  afterAll(() => fake.stop());

  /** Signs in at the fake provider, whose token endpoint answers with the ID token `craft` makes. */
  async function signInWithIdToken(craft: (nonce: string | undefined) => Promise<string>) {
    fake.answerToken = async ({ nonce }) => ({ access_token: 'fake-access-token', token_type: 'Bearer', id_token: await craft(nonce) });
    let landed: Promise<string> | undefined;
    const result = await signInWithBrowser(configFor(fake.issuer), {
      openBrowser: (url) => {
        const authorize = new URL(url);
        fake.noteNonce(authorize.searchParams.get('nonce') ?? undefined);
        const callback = new URL(authorize.searchParams.get('redirect_uri') ?? '');
        callback.search = new URLSearchParams({ code: 'fake-code-7d1e', state: authorize.searchParams.get('state') ?? '' }).toString();
        landed = fetch(callback).then((response) => response.text());
      },
    });
    return { result, page: await landed };
  }

  it('accepts a good ID token', async () => {
    const { result, page } = await signInWithIdToken((nonce) => fake.sign(fake.goodClaims(nonce)));
    expect(result).toMatchObject({ ok: true, value: { claims: { sub: '555000000001' }, accessToken: 'fake-access-token' } });
    expect(page).toContain('You are signed in');
  });

  it.each([
    ['a wrong issuer', (nonce: string | undefined) => fake.sign({ ...fake.goodClaims(nonce), iss: 'http://127.0.0.1:1/someone-else' })],
    ['a wrong audience', (nonce: string | undefined) => fake.sign({ ...fake.goodClaims(nonce), aud: 'another-app' })],
    ['a wrong nonce', (nonce: string | undefined) => fake.sign({ ...fake.goodClaims(nonce), nonce: 'not-the-nonce-sent' })],
    ['no nonce', (nonce: string | undefined) => fake.sign({ ...fake.goodClaims(nonce), nonce: undefined })],
    ['a bad signature', async (nonce: string | undefined) => fake.sign(fake.goodClaims(nonce), (await generateKeyPair('RS256')).privateKey)],
    ['an altered payload', async (nonce: string | undefined) => {
      const [header, , signature] = (await fake.sign(fake.goodClaims(nonce))).split('.');
      return [header, Buffer.from(JSON.stringify({ ...fake.goodClaims(nonce), sub: 'someone-else' })).toString('base64url'), signature].join('.');
    }],
  ])('refuses an ID token with %s', async (_what, craft) => {
    const { result, page } = await signInWithIdToken(craft);
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-failed', message: expect.stringContaining('could not be verified') } });
    expectPlainWords(result.ok ? '' : result.error.message, 'fake-code-7d1e');
    expect(page).toContain('Signing in did not work.');
    expect(page).not.toContain('fake-code-7d1e');
  });

  it('refuses an expired ID token, suggesting the clock', async () => {
    const { result } = await signInWithIdToken((nonce) => {
      const past = Math.floor(Date.now() / 1000) - 7200;
      return fake.sign({ ...fake.goodClaims(nonce), iat: past, exp: past + 3600 });
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-failed', message: expect.stringContaining('date and time') } });
    expectPlainWords(result.ok ? '' : result.error.message);
  });

  it('validates the ID token of a renewal too', async () => {
    fake.answerToken = async () => ({ access_token: 'renewed', token_type: 'Bearer', refresh_token: 'next', id_token: await fake.sign({ ...fake.goodClaims(undefined), aud: 'another-app' }) });
    const renewed = await refreshSignIn(configFor(fake.issuer), 'a-refresh-token');
    expect(renewed).toMatchObject({ ok: false, error: { code: 'sign-in-failed' } });
    expectPlainWords(renewed.ok ? '' : renewed.error.message, 'a-refresh-token');

    fake.answerToken = async () => ({ access_token: 'renewed', token_type: 'Bearer', id_token: await fake.sign(fake.goodClaims(undefined), (await generateKeyPair('RS256')).privateKey) });
    expect(await refreshSignIn(configFor(fake.issuer), 'a-refresh-token')).toMatchObject({ ok: false, error: { code: 'sign-in-failed', message: expect.stringContaining('could not be verified') } });

    fake.answerToken = async () => ({ access_token: 'renewed', token_type: 'Bearer', id_token: await fake.sign(fake.goodClaims(undefined)) });
    expect(await refreshSignIn(configFor(fake.issuer), 'a-refresh-token')).toMatchObject({ ok: true, value: { refreshToken: 'a-refresh-token', accessToken: 'renewed' } });
  });

  it('says plainly when sign-in is not set up or the provider cannot be reached', async () => {
    for (const issuer of ['', 'not a url', 'http://login.example.nhs.uk/oidc']) {
      const result = await signInWithBrowser(configFor(issuer), { openBrowser: () => undefined });
      expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-not-configured' } });
    }
    const unreachable = await signInWithBrowser(configFor('http://127.0.0.1:9'), { openBrowser: () => undefined });
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'sign-in-failed', message: expect.stringContaining('could not reach the sign-in service (127.0.0.1:9)') } });
  });
});
