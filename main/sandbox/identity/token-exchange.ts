/**
 * RFC 8693 token exchange at the sandbox provider: the app's ID token becomes a short-lived access token for one
 * audience (the sandbox PDS), as an NHS deployment's broker or API platform would issue a user-restricted token.
 *
 * The subject token must be an ID token this provider issued to this app and not yet expired. The access token is a
 * JWT signed with the provider's own key, so the resource server verifies it against the provider's `jwks_uri`.
 */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { TokenEndpointGrantContext } from 'oidc-provider';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** The exchanged token's lifetime: ten minutes, the longest the brief allows. */
export const EXCHANGED_TOKEN_SECONDS = 600;

export const TOKEN_EXCHANGE_PARAMETERS = ['subject_token', 'subject_token_type', 'audience', 'requested_token_type'] as const;

interface ExchangeParameters {
  readonly subject_token?: string;
  readonly subject_token_type?: string;
  readonly audience?: string;
  readonly requested_token_type?: string;
}

export interface TokenExchangeKeys {
  readonly issuer: string;
  readonly clientId: string;
  readonly publicKey: CryptoKey;
  readonly privateKey: CryptoKey;
  readonly keyId: string;
  readonly algorithm: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/** The grant handler for oidc-provider's `registerGrantType`. */
export function tokenExchangeGrant(keys: TokenExchangeKeys): (ctx: TokenEndpointGrantContext<ExchangeParameters>) => Promise<void> {
  return async (ctx) => {
    const { subject_token: subjectToken, subject_token_type: subjectTokenType, audience, requested_token_type: requested } = ctx.oidc.params;
    if (subjectToken === undefined || subjectTokenType !== ID_TOKEN_TYPE) {
      refuse(ctx, 'invalid_request', `subject_token must be an ID token (subject_token_type ${ID_TOKEN_TYPE})`);
      return;
    }
    if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
      refuse(ctx, 'invalid_request', `only ${ACCESS_TOKEN_TYPE} can be requested`);
      return;
    }
    if (audience === undefined || !isHttpUrl(audience)) {
      refuse(ctx, 'invalid_target', 'audience must be the absolute URL of the API the token is for');
      return;
    }
    const subject = await verifiedIdToken(subjectToken, keys);
    if (subject === undefined) {
      refuse(ctx, 'invalid_grant', 'subject_token is not a valid, unexpired ID token issued by this provider to this client');
      return;
    }
    const issuedAt = Math.floor(keys.now() / 1000);
    const selectedRoleId = typeof subject.selected_roleid === 'string' ? subject.selected_roleid : undefined;
    const accessToken = await new SignJWT({ client_id: keys.clientId, ...(selectedRoleId === undefined ? {} : { selected_roleid: selectedRoleId }) })
      .setProtectedHeader({ alg: keys.algorithm, kid: keys.keyId, typ: 'at+jwt' })
      .setIssuer(keys.issuer)
      .setAudience(audience)
      .setSubject(personIdOf(subject))
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + EXCHANGED_TOKEN_SECONDS)
      .setJti(randomUUID())
      .sign(keys.privateKey);
    ctx.body = {
      access_token: accessToken,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: EXCHANGED_TOKEN_SECONDS,
    };
  };
}

/** An OAuth error response (RFC 6749 §5.2), as the provider's own grants answer. */
function refuse(ctx: TokenEndpointGrantContext<ExchangeParameters>, error: string, description: string): void {
  ctx.status = 400;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error, error_description: description };
}

async function verifiedIdToken(token: string, keys: TokenExchangeKeys): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      issuer: keys.issuer,
      audience: keys.clientId,
      algorithms: [keys.algorithm],
      currentDate: new Date(keys.now()),
      requiredClaims: ['sub', 'exp'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

function personIdOf(claims: JWTPayload): string {
  return typeof claims.nhsid_useruid === 'string' && claims.nhsid_useruid !== '' ? claims.nhsid_useruid : String(claims.sub);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
