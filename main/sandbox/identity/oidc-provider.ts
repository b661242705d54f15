/**
 * The sandbox's OpenID provider: oidc-provider (a certified implementation) in this process on 127.0.0.1, standing in
 * for the organisation's broker federated with NHS CIS2.
 *
 * One public native client, `document-store-desktop`: authorization code with PKCE, a loopback redirect on any port
 * (RFC 8252 §7.3; oidc-provider ignores the port of a native client's loopback redirect URI), refresh tokens, and
 * RFC 8693 token exchange for a PDS access token (token-exchange.ts). The people are the synthetic ones of
 * sandbox-people.ts, chosen on the provider's own page (sign-in-pages.ts) and issued CIS2-shaped claims
 * (sandbox-claims.ts). Its signing key is made afresh at every start, and its state lives in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import type { ClientMetadata, ErrorOut, JWK, KoaContextWithOIDC, interactionPolicy as InteractionPolicy } from 'oidc-provider';
import { closeServer, listenOnLoopback, urlOf } from '../loopback-server.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { interactionPolicy, Provider } from './quiet-oidc-provider.js';
import { CLAIMS_BY_SCOPE, SANDBOX_SCOPES, claimsOf } from './sandbox-claims.js';
import { SANDBOX_PEOPLE, type SandboxPerson } from './sandbox-people.js';
import { INTERACTION_PATH, createSignInPages } from './sign-in-pages.js';
import { TOKEN_EXCHANGE_GRANT, TOKEN_EXCHANGE_PARAMETERS, tokenExchangeGrant } from './token-exchange.js';

export const SANDBOX_CLIENT_ID = 'document-store-desktop';
const SIGNING_ALGORITHM = 'RS256';
const DEFAULT_ID_TOKEN_SECONDS = 3600;
/** How long a sign-in lasts at the provider, and so how long its refresh token can be used. */
const SESSION_SECONDS = 12 * 3600;

export interface OidcProviderOptions {
  /** The ID token's lifetime; short in tests that need one to expire. Default one hour. */
  readonly idTokenSeconds?: number;
  readonly people?: ReadonlyArray<SandboxPerson>;
  /**
   * The token exchange's clock (milliseconds since the epoch), so tests can move past a token's expiry. oidc-provider
   * keeps its own clock for everything else.
   */
  readonly now?: () => number;
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>`, exactly as the discovery document gives it. */
  readonly issuer: string;
  readonly clientId: string;
  readonly jwksUri: string;
  /** Also the RFC 8693 token exchange endpoint. */
  readonly tokenEndpoint: string;
  stop(): Promise<void>;
}

/** Starts the provider on a free loopback port; its issuer is known only once the port is. */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const people = options.people ?? SANDBOX_PEOPLE;
  let handle: http.RequestListener = (_request, response) => {
    response.writeHead(503).end();
  };
  const server = http.createServer((request, response) => handle(request, response));
  await listenOnLoopback(server);
  try {
    const issuer = urlOf(server);
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const keyId = randomUUID();
    const signingKey: JWK = { ...(await exportJWK(privateKey)), kid: keyId, alg: SIGNING_ALGORITHM, use: 'sig' };
    const provider = new Provider(issuer, {
      adapter: createMemoryAdapter(),
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      clients: [nativeClient()],
      scopes: [...SANDBOX_SCOPES],
      claims: Object.fromEntries(Object.entries(CLAIMS_BY_SCOPE).map(([scope, claims]) => [scope, [...claims]])),
      // The app reads the person and their roles from the ID token, as it would from CIS2's.
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => {
        const person = people.find((candidate) => candidate.id === sub);
        return person === undefined ? undefined : { accountId: person.id, claims: () => ({ ...claimsOf(person), sub: person.id }) };
      },
      // The app signs in for a working session and renews it without asking the person again, as a broker issuing
      // refresh tokens to its public client does; it does not ask for offline_access. The refresh token lasts its own
      // time (rotated at each use, as oidc-provider does for public clients), not the browser's session here, which
      // ends whenever someone else signs in on that browser.
      issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('openid'),
      expiresWithSession: () => false,
      pkce: { required: () => true },
      responseTypes: ['code'],
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}`, policy: choosePersonEveryTime() },
      clientBasedCORS: () => false,
      renderError,
      ttl: {
        IdToken: options.idTokenSeconds ?? DEFAULT_ID_TOKEN_SECONDS,
        AccessToken: 600,
        AuthorizationCode: 60,
        Interaction: 600,
        Session: SESSION_SECONDS,
        Grant: SESSION_SECONDS,
        RefreshToken: SESSION_SECONDS,
      },
    });
    provider.registerGrantType(
      TOKEN_EXCHANGE_GRANT,
      tokenExchangeGrant({ issuer, clientId: SANDBOX_CLIENT_ID, publicKey, privateKey, keyId, algorithm: SIGNING_ALGORITHM, now: options.now ?? Date.now }),
      TOKEN_EXCHANGE_PARAMETERS,
    );
    const pages = createSignInPages(provider, people);
    const callback = provider.callback();
    handle = (request, response) => {
      pages(request, response)
        .then((answered) => (answered ? undefined : callback(request, response)))
        .catch(() => {
          if (!response.headersSent) {
            response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          }
          response.end('The sandbox sign-in failed.');
        });
    };
    return {
      issuer,
      clientId: SANDBOX_CLIENT_ID,
      jwksUri: `${issuer}/jwks`,
      tokenEndpoint: `${issuer}/token`,
      stop: () => closeServer(server),
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

function nativeClient(): ClientMetadata {
  return {
    client_id: SANDBOX_CLIENT_ID,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    // Any port: the app listens on a random one for each sign-in.
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE_GRANT],
    response_types: ['code'],
    id_token_signed_response_alg: SIGNING_ALGORITHM,
  };
}

/**
 * The sandbox asks who is signing in every time, even when the browser is still signed in at the provider: on a
 * shared practice computer the next person must never inherit the last one's sign-in.
 */
function choosePersonEveryTime(): InteractionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('choose_person', 'The sandbox asks which synthetic person signs in', (ctx: KoaContextWithOIDC) =>
        ctx.oidc.result?.login === undefined ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  const words = `${out.error}${out.error_description === undefined ? '' : `: ${out.error_description}`}`.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in problem - Document Store sandbox</title></head>
<body><main><h1>The sandbox could not sign you in</h1><p>${words}</p><p>Go back to Document Store Desktop and sign in again.</p></main></body></html>`;
}
