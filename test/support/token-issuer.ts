import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { closeServer, listenOnLoopback, urlOf } from '../../main/sandbox/loopback-server.js';

// A stand-in for the sandbox OpenID provider's token side, for tests of PDS access: it signs ID tokens with its own
// key, serves that key as a JWKS, and exchanges an ID token for a PDS access token (RFC 8693) with the same contract as
// the provider's: POST form → { access_token, issued_token_type, token_type: 'Bearer', expires_in }.

export const TEST_CLIENT_ID = 'document-store-desktop';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

export interface TokenIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenExchangeUrl: string;
  /** An ID token for `subject` (aud = the test client), valid for `expiresInSeconds` (negative: already expired). */
  idToken(options?: { readonly subject?: string; readonly expiresInSeconds?: number }): Promise<string>;
  /** The forms the exchange received, in order. */
  readonly exchanges: ReadonlyArray<URLSearchParams>;
  /** `expires_in` of the access tokens handed out from now on. */
  accessTokenSeconds: number;
  /** From now on, hand out access tokens signed with a key the JWKS does not hold. */
  forgeAccessTokens: boolean;
  stop(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const forger = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const exchanges: URLSearchParams[] = [];
  let issuer = '';

  const sign = (claims: Record<string, unknown>, audience: string, seconds: number, key: CryptoKey = privateKey): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(key);

  const state: TokenIssuer = {
    get issuer() {
      return issuer;
    },
    get jwksUri() {
      return `${issuer}/jwks`;
    },
    get tokenExchangeUrl() {
      return `${issuer}/token`;
    },
    idToken: ({ subject = '555000000001', expiresInSeconds = 600 } = {}) => sign({ sub: subject }, TEST_CLIENT_ID, expiresInSeconds),
    exchanges,
    accessTokenSeconds: 300,
    forgeAccessTokens: false,
    stop: () => closeServer(server),
  };

  async function exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    exchanges.push(form);
    const refuse = (status: number, error: string): void => sendJson(response, status, { error });
    if (form.get('grant_type') !== TOKEN_EXCHANGE || form.get('subject_token_type') !== ID_TOKEN_TYPE || !form.get('audience')) {
      return refuse(400, 'invalid_request');
    }
    if (form.get('client_id') !== TEST_CLIENT_ID) {
      return refuse(401, 'invalid_client');
    }
    let subject: string;
    try {
      const { payload } = await jwtVerify(form.get('subject_token') ?? '', publicKey, { issuer, audience: TEST_CLIENT_ID });
      subject = payload.sub ?? '';
    } catch {
      return refuse(400, 'invalid_grant');
    }
    const key = state.forgeAccessTokens ? forger.privateKey : privateKey;
    sendJson(response, 200, {
      access_token: await sign({ sub: subject }, form.get('audience') ?? '', state.accessTokenSeconds, key),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: state.accessTokenSeconds,
    });
  }

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/jwks') {
      sendJson(response, 200, { keys: [jwk] });
    } else if (request.method === 'POST' && request.url === '/token') {
      exchange(request, response).catch(() => sendJson(response, 500, { error: 'server_error' }));
    } else {
      sendJson(response, 404, { error: 'not_found' });
    }
  });
  await listenOnLoopback(server);
  issuer = urlOf(server);
  return state;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}
