/**
 * Checks a WebIdentityToken as STS does for an OpenID Connect provider registered in IAM: the signature against the
 * provider's JWKS, the issuer, the audience (the client id), the expiry; then reads the claims STS takes from it
 * (`sub`, `https://aws.amazon.com/source_identity`, `https://aws.amazon.com/tags`). A refusal is the StsError AWS
 * answers: ExpiredTokenException for an expired token, InvalidIdentityToken for any other bad token, and
 * IDPCommunicationError when the provider's keys cannot be fetched.
 */
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { StsError } from './sts-wire.js';

/** What STS keeps from a verified token. */
export interface WebIdentityClaims {
  readonly subject: string;
  readonly audience: string;
  readonly issuer: string;
  readonly sourceIdentity?: string;
  readonly sessionTags: Readonly<Record<string, string>>;
}

export interface TokenCheck {
  readonly issuer: string;
  readonly clientId: string;
  readonly keys: JWTVerifyGetKey;
}

const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/u;

// "principal_tags": { "Key": ["value"] }, "transitive_tag_keys": ["Key"] (IAM User Guide, "Passing session tags using
// AssumeRoleWithWebIdentity"): at most 50 tags, keys up to 128 characters and values up to 256.
const tagsClaim = z.object({
  principal_tags: z.record(z.string().min(1).max(128), z.array(z.string().max(256)).length(1)),
  transitive_tag_keys: z.array(z.string()).optional(),
});

/** Keys fetched from the provider's jwks_uri, cached and re-fetched on an unknown key id (jose's remote key set). */
export function remoteKeys(jwksUri: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUri));
}

/** Verifies `token` at `nowMs`; throws the StsError STS would answer. */
export async function verifyWebIdentityToken(token: string, check: TokenCheck, nowMs: number): Promise<WebIdentityClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, check.keys, { issuer: check.issuer, audience: check.clientId, currentDate: new Date(nowMs) }));
  } catch (error) {
    throw refusal(error, nowMs);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw invalidToken('The ID Token provided does not contain a subject (sub).');
  }
  return { subject: payload.sub, audience: check.clientId, issuer: check.issuer, ...sourceIdentityOf(payload), sessionTags: sessionTagsOf(payload) };
}

function sourceIdentityOf(payload: JWTPayload): { readonly sourceIdentity?: string } {
  const claim = payload[SOURCE_IDENTITY_CLAIM];
  if (claim === undefined) {
    return {};
  }
  if (typeof claim !== 'string' || !SOURCE_IDENTITY.test(claim)) {
    throw invalidToken(`The ${SOURCE_IDENTITY_CLAIM} claim is not a valid source identity.`);
  }
  return { sourceIdentity: claim };
}

function sessionTagsOf(payload: JWTPayload): Record<string, string> {
  const claim = payload[TAGS_CLAIM];
  if (claim === undefined) {
    return {};
  }
  const parsed = tagsClaim.safeParse(claim);
  if (!parsed.success || Object.keys(parsed.data.principal_tags).length > 50) {
    throw invalidToken(`The ${TAGS_CLAIM} claim is not a valid set of session tags.`);
  }
  return Object.fromEntries(Object.entries(parsed.data.principal_tags).map(([key, [value = '']]) => [key, value]));
}

function refusal(error: unknown, nowMs: number): StsError {
  if (error instanceof errors.JWTExpired) {
    const expiry = typeof error.payload.exp === 'number' ? error.payload.exp : 0;
    return new StsError(
      400,
      'ExpiredTokenException',
      `Token expired: current date/time ${Math.floor(nowMs / 1000)} must be before the expiration date/time ${expiry}`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return invalidToken('Incorrect token audience');
    }
    if (error.claim === 'iss') {
      return invalidToken(`No OpenIDConnect provider found in your account for ${typeof error.payload.iss === 'string' ? error.payload.iss : 'the token issuer'}`);
    }
    return invalidToken(`The ID Token provided is not valid: the ${error.claim} claim ${error.reason === 'check_failed' ? 'check failed' : 'is missing or malformed'}.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JOSEAlgNotAllowed) {
    return invalidToken("Couldn't verify the ID Token's signature with the keys of your identity provider.");
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  }
  // The key set could not be fetched or read: the provider is unreachable as far as STS can tell.
  return new StsError(
    400,
    'IDPCommunicationError',
    'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached.',
  );
}

function invalidToken(message: string): StsError {
  return new StsError(400, 'InvalidIdentityToken', message);
}
