/**
 * A tiny OpenID provider for the token validation tests: discovery, JWKS and a token endpoint whose ID token each
 * test crafts (wrong issuer, audience, nonce or signature; expired), which the certified sandbox provider would
 * never issue.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface TokenRequest {
  readonly form: URLSearchParams;
  /** The nonce the client sent in the authorization request, as the browser stand-in saw it. */
  readonly nonce: string | undefined;
}

export interface FakeAuthorizationServer {
  readonly issuer: string;
  readonly clientId: string;
  /** Signs `claims` with the key the JWKS publishes (or `key`, to break the signature). */
  sign(claims: JWTPayload, key?: CryptoKey): Promise<string>;
  /** Good claims for an ID token answering `nonce`; tests spoil one. */
  goodClaims(nonce: string | undefined): JWTPayload;
  /** What the token endpoint answers; set by each test. */
  answerToken: (request: TokenRequest) => Promise<Record<string, unknown>>;
  /** Records the nonce of the authorization request the client built. */
  noteNonce(nonce: string | undefined): void;
  stop(): Promise<void>;
}

export async function startFakeAuthorizationServer(): Promise<FakeAuthorizationServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'fake-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  let nonce: string | undefined;
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') {
      json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    } else if (path === '/jwks') {
      json(200, jwks);
    } else if (path === '/token' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        fake
          .answerToken({ form: new URLSearchParams(Buffer.concat(chunks).toString()), nonce })
          .then((body) => json(typeof body.error === 'string' ? 400 : 200, body))
          .catch(() => json(500, { error: 'server_error' }));
      });
    } else {
      json(404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'document-store-desktop';

  const fake: FakeAuthorizationServer = {
    issuer,
    clientId,
    sign: (claims, key = privateKey) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key),
    goodClaims: (expectedNonce) => {
      const now = Math.floor(Date.now() / 1000);
      return { iss: issuer, aud: clientId, sub: '555000000001', iat: now, exp: now + 3600, ...(expectedNonce === undefined ? {} : { nonce: expectedNonce }) };
    },
    answerToken: () => Promise.resolve({ error: 'invalid_grant' }),
    noteNonce: (value) => {
      nonce = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
