/**
 * The stand-in's AssumeRoleWithWebIdentity: the request checked as STS checks it (RoleArn, RoleSessionName 2–64
 * characters of [\w+=,.@-], DurationSeconds 900–43,200, WebIdentityToken 4–20,000 characters), the token verified
 * (./web-identity-token.ts), and temporary credentials issued into the registry the sandbox's S3 reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { XmlValue } from '../s3/xml.js';
import type { IssuedCredentialRegistry, IssuedCredentials } from './issued-credentials.js';
import { StsError, awsTimestamp, validationError } from './sts-wire.js';
import { type TokenCheck, type WebIdentityClaims, verifyWebIdentityToken } from './web-identity-token.js';

export interface AssumeRoleSettings {
  readonly token: TokenCheck;
  readonly registry: IssuedCredentialRegistry;
  readonly now: () => number;
  /** Issued credentials last no longer than this (a test's short expiry); the requested duration otherwise. */
  readonly credentialSeconds?: number;
  /** The role's trust policy: whether it lets this token's person assume it. Every role trusts every token when absent. */
  readonly trusts?: (roleArn: string, claims: WebIdentityClaims) => boolean;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/u;
const SESSION_NAME = /^[\w+=,.@-]*$/u;
const DEFAULT_DURATION_SECONDS = 3600;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Answers one AssumeRoleWithWebIdentity request with its result's elements, or throws the StsError STS would. */
export async function assumeRoleWithWebIdentity(parameters: URLSearchParams, settings: AssumeRoleSettings): Promise<ReadonlyArray<readonly [string, XmlValue]>> {
  const request = validRequest(parameters);
  const role = ROLE_ARN.exec(request.roleArn);
  if (role === null) {
    throw new StsError(400, 'ValidationError', 'Request ARN is invalid');
  }
  const now = settings.now();
  const claims = await verifyWebIdentityToken(request.token, settings.token, now);
  if (settings.trusts !== undefined && !settings.trusts(request.roleArn, claims)) {
    throw new StsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  }
  const [, account = '', roleName = ''] = role;
  const lifetimeSeconds = Math.min(request.durationSeconds, settings.credentialSeconds ?? request.durationSeconds);
  const credentials: IssuedCredentials = {
    accessKeyId: `ASIA${keyText(randomBytes(16))}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(96).toString('base64'),
    // STS states the expiry to the second; the registry keeps the same instant.
    expiration: new Date(Math.floor(now / 1000) * 1000 + lifetimeSeconds * 1000),
    account,
    assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${request.sessionName}`,
    assumedRoleId: `${roleIdOf(request.roleArn)}:${request.sessionName}`,
    sessionTags: claims.sessionTags,
    ...(claims.sourceIdentity === undefined ? {} : { sourceIdentity: claims.sourceIdentity }),
  };
  settings.registry.add(credentials, now);
  return [
    ['Credentials', [
      ['AccessKeyId', credentials.accessKeyId],
      ['SecretAccessKey', credentials.secretAccessKey],
      ['SessionToken', credentials.sessionToken],
      ['Expiration', awsTimestamp(credentials.expiration.getTime())],
    ]],
    ['SubjectFromWebIdentityToken', claims.subject],
    ['AssumedRoleUser', [['AssumedRoleId', credentials.assumedRoleId], ['Arn', credentials.assumedRoleArn]]],
    ['Provider', claims.issuer],
    ['Audience', claims.audience],
    ['SourceIdentity', claims.sourceIdentity],
  ];
}

interface ValidRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly token: string;
  readonly durationSeconds: number;
}

function validRequest(parameters: URLSearchParams): ValidRequest {
  const problems: string[] = [];
  const roleArn = parameters.get('RoleArn');
  const sessionName = parameters.get('RoleSessionName');
  const token = parameters.get('WebIdentityToken');
  const duration = parameters.get('DurationSeconds');
  if (roleArn === null) {
    problems.push(notNull('roleArn'));
  } else if (roleArn.length < 20 || roleArn.length > 2048) {
    problems.push(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`);
  }
  if (sessionName === null) {
    problems.push(notNull('roleSessionName'));
  } else {
    if (sessionName.length < 2 || sessionName.length > 64) {
      problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64`);
    }
    if (!SESSION_NAME.test(sessionName)) {
      problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
  }
  if (token === null) {
    problems.push(notNull('webIdentityToken'));
  } else if (token.length < 4 || token.length > 20_000) {
    // The token itself is never echoed back.
    problems.push("Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000");
  }
  const durationSeconds = duration === null ? DEFAULT_DURATION_SECONDS : Number(duration);
  if (!Number.isInteger(durationSeconds)) {
    problems.push(`Value '${duration ?? ''}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
  } else if (durationSeconds < 900) {
    problems.push(`Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
  } else if (durationSeconds > 43_200) {
    problems.push(`Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  }
  if (problems.length > 0 || roleArn === null || sessionName === null || token === null) {
    throw validationError(problems);
  }
  return { roleArn, sessionName, token, durationSeconds };
}

function notNull(member: string): string {
  return `Value null at '${member}' failed to satisfy constraint: Member must not be null`;
}

// A role's id is fixed for the role (AROA + 17 characters); derived from the ARN so it stays the same across calls.
function roleIdOf(roleArn: string): string {
  return `AROA${keyText(createHash('sha256').update(roleArn).digest().subarray(0, 17))}`;
}

function keyText(bytes: Uint8Array): string {
  return [...bytes].map((byte) => ALPHANUMERIC[byte % 32]).join('');
}
