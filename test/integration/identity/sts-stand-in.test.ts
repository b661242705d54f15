import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, type Credentials, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IssuedCredentialRegistry } from '../../../main/sandbox/identity/issued-credentials.js';
import { type RunningStsStandIn, startStsStandIn } from '../../../main/sandbox/identity/sts-stand-in.js';
import { type RunningS3, startS3Server } from '../../../main/sandbox/s3/server.js';
import { xmlText } from '../../../main/sandbox/s3/xml.js';
import { type TestTokenIssuer, startTestTokenIssuer } from '../../support/web-identity-tokens.js';

// The STS stand-in as the app meets it: AssumeRoleWithWebIdentity verifies the ID token against the provider's JWKS
// and answers AWS's error codes; the credentials it issues are accepted by the sandbox's S3 (and nothing else but the
// fixed admin key is), until they expire. One injected clock, kept near real time because the SDK signs with the
// real one and S3 allows 15 minutes of skew.

const ADMIN = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const ROLE_ARN = 'arn:aws:iam::000000000000:role/DocStoreGpAdmin';
const CREDENTIAL_SECONDS = 60;
const START = Math.floor(Date.now() / 1000) * 1000;

let clock = START;
const now = (): number => clock;
let issuer: TestTokenIssuer;
let registry: IssuedCredentialRegistry;
let standIn: RunningStsStandIn;
let s3Server: RunningS3;
let sts: STSClient;
const bucket = `sts-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  registry = new IssuedCredentialRegistry();
  standIn = await startStsStandIn({
    issuer: issuer.issuer,
    clientId: issuer.clientId,
    jwksUri: issuer.jwksUri,
    registry,
    credentialSeconds: CREDENTIAL_SECONDS,
    now,
  });
  s3Server = await startS3Server({ credentials: ADMIN, temporaryCredentials: registry.find, region: 'eu-west-2', now: () => new Date(clock) });
  sts = new STSClient({ region: 'eu-west-2', endpoint: standIn.endpoint, maxAttempts: 1 });
  const admin = s3With(ADMIN);
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'synthetic document' }));
  admin.destroy();
});

afterAll(async () => {
  sts.destroy();
  await s3Server.close();
  await standIn.stop();
  await issuer.stop();
});

beforeEach(() => {
  clock = START;
});

function s3With(credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }): S3Client {
  return new S3Client({ region: 'eu-west-2', endpoint: s3Server.url, forcePathStyle: true, maxAttempts: 1, credentials });
}

function keysOf(credentials: Credentials | undefined): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  return { accessKeyId: credentials?.AccessKeyId ?? '', secretAccessKey: credentials?.SecretAccessKey ?? '', sessionToken: credentials?.SessionToken ?? '' };
}

async function assume(token: string, overrides: { RoleSessionName?: string; DurationSeconds?: number } = {}) {
  return sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: '555000000001', WebIdentityToken: token, DurationSeconds: 900, ...overrides }));
}

/** The stand-in's answer on the wire: HTTP status and STS's error code and message. */
async function wireAnswer(fields: Record<string, string>): Promise<{ status: number; code?: string; message?: string }> {
  const response = await fetch(standIn.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', ...fields }).toString(),
  });
  const xml = await response.text();
  return { status: response.status, code: xmlText(xml, 'Code'), message: xmlText(xml, 'Message') };
}

async function refusal(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('accepted what must be refused');
}

const token = (options: Partial<Parameters<TestTokenIssuer['token']>[0]> = {}): Promise<string> =>
  issuer.token({ subject: '555000000001', nowMs: clock, ...options });

describe('AssumeRoleWithWebIdentity verifies the ID token', () => {
  it('issues temporary credentials for a valid token, with the assumed role, source identity and expiry', async () => {
    const answer = await assume(await token({ claims: { 'https://aws.amazon.com/source_identity': '555000000001' } }));

    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/u);
    expect(answer.Credentials?.SecretAccessKey).toBeTruthy();
    expect(answer.Credentials?.SessionToken).toBeTruthy();
    expect(answer.Credentials?.Expiration?.getTime()).toBe(START + CREDENTIAL_SECONDS * 1000);
    expect(answer.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/DocStoreGpAdmin/555000000001');
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:555000000001$/u);
    expect(answer.SourceIdentity).toBe('555000000001');
    expect(answer.SubjectFromWebIdentityToken).toBe('555000000001');
    expect(answer.Audience).toBe(issuer.clientId);
    expect(answer.Provider).toBe(issuer.issuer);
  });

  it('records the session tags the token carries', async () => {
    const tags = { principal_tags: { role: ['R8013'], ods: ['A81001'] }, transitive_tag_keys: ['ods', 'role'] };
    const answer = await assume(await token({ claims: { 'https://aws.amazon.com/tags': tags } }));

    expect(registry.find(answer.Credentials?.AccessKeyId ?? '')?.sessionTags).toEqual({ role: 'R8013', ods: 'A81001' });
  });

  it.each([
    ['another issuer', { claims: { iss: 'https://attacker.example' } }, 'InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://attacker.example'],
    ['another audience', { claims: { aud: 'someone-else' } }, 'InvalidIdentityToken', 'Incorrect token audience'],
    ['a forged signature', { forged: true }, 'InvalidIdentityToken', undefined],
  ] as const)('refuses a token from %s with InvalidIdentityToken (HTTP 400)', async (_, options, code, message) => {
    const answer = await wireAnswer({ RoleArn: ROLE_ARN, RoleSessionName: '555000000001', WebIdentityToken: await token(options) });

    expect(answer).toMatchObject({ status: 400, code, ...(message === undefined ? {} : { message }) });
    await expect(assume(await token(options))).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  });

  it('refuses something that is not a JWT with InvalidIdentityToken', async () => {
    const answer = await wireAnswer({ RoleArn: ROLE_ARN, RoleSessionName: '555000000001', WebIdentityToken: 'not-a-jwt' });

    expect(answer).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
  });

  it('refuses an expired token with ExpiredTokenException', async () => {
    const expired = await token({ nowMs: clock - 10 * 60_000, lifetimeSeconds: 300 });

    const answer = await wireAnswer({ RoleArn: ROLE_ARN, RoleSessionName: '555000000001', WebIdentityToken: expired });

    expect(answer.status).toBe(400);
    expect(answer.code).toBe('ExpiredTokenException');
    expect(answer.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/u);
    await expect(assume(expired)).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it.each([
    ['a session name with spaces', { RoleSessionName: 'not valid!' }, /at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern/u],
    ['a one-character session name', { RoleSessionName: 'x' }, /at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64/u],
    ['a duration under 900 seconds', { DurationSeconds: 899 }, /Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900/u],
    ['a duration over 12 hours', { DurationSeconds: 43_201 }, /Member must have value less than or equal to 43200/u],
  ])('refuses %s with ValidationError', async (_, overrides, message) => {
    const error = await refusal(assume(await token(), overrides));

    expect(error.name).toBe('ValidationError');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/^1 validation error detected: /u);
    expect(error.message).toMatch(message);
  });

  it('refuses a role ARN that is not one with ValidationError', async () => {
    const answer = await wireAnswer({ RoleArn: 'arn:aws:iam::000000000000:user/someone', RoleSessionName: '555000000001', WebIdentityToken: await token() });

    expect(answer).toMatchObject({ status: 400, code: 'ValidationError', message: 'Request ARN is invalid' });
  });

  it("refuses a role whose trust policy does not accept the token's role with AccessDenied (HTTP 403)", async () => {
    const bound = await startStsStandIn({
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      jwksUri: issuer.jwksUri,
      registry,
      now,
      trusts: (roleArn, claims) => roleArn === ROLE_ARN && claims.sessionTags.role === 'R8013',
    });
    const client = new STSClient({ region: 'eu-west-2', endpoint: bound.endpoint, maxAttempts: 1 });
    const tagged = (roleCode: string): Promise<string> => token({ claims: { 'https://aws.amazon.com/tags': { principal_tags: { role: [roleCode] } } } });
    const request = async (roleCode: string) =>
      client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: '555000000002', WebIdentityToken: await tagged(roleCode) }));
    try {
      await expect(request('R8013')).resolves.toMatchObject({ AssumedRoleUser: { Arn: 'arn:aws:sts::000000000000:assumed-role/DocStoreGpAdmin/555000000002' } });
      const error = await refusal(request('R8000'));
      expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual(['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity']);
    } finally {
      client.destroy();
      await bound.stop();
    }
  });

  it('refuses an action it does not know with InvalidAction', async () => {
    const answer = await wireAnswer({ Action: 'AssumeRole' });

    expect(answer).toMatchObject({ status: 400, code: 'InvalidAction' });
  });
});

describe('the issued credentials and the sandbox S3', () => {
  it('read a document until they expire, then get ExpiredToken', async () => {
    const answer = await assume(await token());
    const s3 = s3With(keysOf(answer.Credentials));
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
      expect(await object.Body?.transformToString()).toBe('synthetic document');

      clock += CREDENTIAL_SECONDS * 1000;
      const error = await refusal(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })));
      expect(error.name).toBe('ExpiredToken');
      expect(error.message).toBe('The provided token has expired.');
      expect(error.$metadata.httpStatusCode).toBe(400);
    } finally {
      s3.destroy();
    }
  });

  it('sign presigned URLs that stop working when the credentials expire', async () => {
    const answer = await assume(await token());
    const s3 = s3With(keysOf(answer.Credentials));
    try {
      const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }), { expiresIn: 1800 });
      expect(await (await fetch(url)).text()).toBe('synthetic document');

      clock += CREDENTIAL_SECONDS * 1000;
      const expired = await fetch(url);
      expect(expired.status).toBe(400);
      expect(xmlText(await expired.text(), 'Code')).toBe('ExpiredToken');
    } finally {
      s3.destroy();
    }
  });

  it('are refused without their session token, or with another one', async () => {
    const answer = await assume(await token());
    const { accessKeyId, secretAccessKey } = keysOf(answer.Credentials);
    const withoutToken = s3With({ accessKeyId, secretAccessKey });
    const wrongToken = s3With({ accessKeyId, secretAccessKey, sessionToken: 'someone-elses-token' });
    try {
      const missing = await refusal(withoutToken.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })));
      expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
      const other = await refusal(wrongToken.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })));
      expect([other.name, other.$metadata.httpStatusCode]).toEqual(['InvalidToken', 400]);
    } finally {
      withoutToken.destroy();
      wrongToken.destroy();
    }
  });

  it('an access key never issued is refused with InvalidAccessKeyId', async () => {
    const s3 = s3With({ accessKeyId: 'ASIAUNKNOWNKEY000000', secretAccessKey: 'secret', sessionToken: 'token' });
    try {
      const error = await refusal(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })));
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    } finally {
      s3.destroy();
    }
  });

  it("the sandbox's fixed admin key still works", async () => {
    const s3 = s3With(ADMIN);
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
      expect(await object.Body?.transformToString()).toBe('synthetic document');
    } finally {
      s3.destroy();
    }
  });
});

describe('GetCallerIdentity', () => {
  it('names the assumed role of the credentials that signed it, until they expire', async () => {
    const answer = await assume(await token());
    const signed = new STSClient({ region: 'eu-west-2', endpoint: standIn.endpoint, maxAttempts: 1, credentials: keysOf(answer.Credentials) });
    try {
      const caller = await signed.send(new GetCallerIdentityCommand({}));
      expect(caller).toMatchObject({ Arn: answer.AssumedRoleUser?.Arn, Account: '000000000000', UserId: answer.AssumedRoleUser?.AssumedRoleId });

      clock += CREDENTIAL_SECONDS * 1000;
      await expect(signed.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    } finally {
      signed.destroy();
    }
  });

  it('refuses credentials it never issued with InvalidClientTokenId', async () => {
    const signed = new STSClient({
      region: 'eu-west-2',
      endpoint: standIn.endpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: 'ASIAUNKNOWNKEY000000', secretAccessKey: 'secret', sessionToken: 'token' },
    });
    try {
      await expect(signed.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    } finally {
      signed.destroy();
    }
  });
});
