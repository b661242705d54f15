import http from 'node:http';
import { type CryptoKey, type JWK, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { closeServer, listenOnLoopback, urlOf } from '../../main/sandbox/loopback-server.js';

/** A stand-in OpenID provider for tests: its own signing key, a JWKS served on loopback, and ID tokens on demand. */
export interface TestTokenIssuer {
  readonly issuer: string;
  readonly clientId: string;
  readonly jwksUri: string;
  /** An ID token for `subject`, valid from `nowMs` for `lifetimeSeconds` (600 unless given); `claims` are added or override. */
  token(options: {
    readonly subject: string;
    readonly nowMs: number;
    readonly lifetimeSeconds?: number;
    readonly claims?: JWTPayload;
    /** Sign with a key the JWKS does not hold, under the JWKS key's id (a forged signature). */
    readonly forged?: boolean;
  }): Promise<string>;
  stop(): Promise<void>;
}

const KEY_ID = 'test-signing-key';

/** Starts the JWKS server; the issuer is its URL, as a real provider's would be. */
export async function startTestTokenIssuer(clientId = 'document-store-desktop'): Promise<TestTokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const server = http.createServer((request, response) => {
    if (request.url === '/jwks') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.writeHead(404).end();
    }
  });
  await listenOnLoopback(server);
  const issuer = urlOf(server);
  return {
    issuer,
    clientId,
    jwksUri: `${issuer}/jwks`,
    token({ subject, nowMs, lifetimeSeconds = 600, claims = {}, forged = false }) {
      const issuedAt = Math.floor(nowMs / 1000);
      const key: CryptoKey = forged ? forger.privateKey : privateKey;
      return new SignJWT({ iss: issuer, aud: clientId, sub: subject, iat: issuedAt, exp: issuedAt + lifetimeSeconds, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
        .sign(key);
    },
    stop: () => closeServer(server),
  };
}
