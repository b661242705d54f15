// @vitest-environment node
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoleCode, SignedInPerson } from '../../../common/identity.js';
import { createStsClient } from '../../../main/aws/clients.js';
import type { AwsSignInConfig } from '../../../main/config/identity-config.js';
import {
  AwsSignInError,
  SessionEndedError,
  type WebIdentitySource,
  sessionNameFor,
  stsClientFor,
  webIdentityCredentials,
} from '../../../main/identity/aws-credentials.js';
import { IssuedCredentialRegistry, type IssuedCredentials } from '../../../main/sandbox/identity/issued-credentials.js';
import { type RunningStsStandIn, startStsStandIn } from '../../../main/sandbox/identity/sts-stand-in.js';
import { type TestTokenIssuer, startTestTokenIssuer } from '../../support/web-identity-tokens.js';

// The credential provider against the real STS stand-in (tokens signed here, keys served from loopback), with one
// injected clock shared by the provider, the stand-in and the tokens.

const ROLE_ARNS: Record<RoleCode, string> = {
  GP_ADMIN: 'arn:aws:iam::000000000000:role/DocStoreGpAdmin',
  GP_CLINICAL: 'arn:aws:iam::000000000000:role/DocStoreGpClinical',
  PCSE: 'arn:aws:iam::000000000000:role/DocStorePcse',
};
const SESSION_SECONDS = 900;
const MINUTE = 60_000;

/** Counts the credentials the stand-in issues: each is one AssumeRoleWithWebIdentity call answered. */
class CountingRegistry extends IssuedCredentialRegistry {
  readonly issued: IssuedCredentials[] = [];

  override add(credentials: IssuedCredentials, now: number): void {
    this.issued.push(credentials);
    super.add(credentials, now);
  }
}

function person(id: string, roleCode: RoleCode, sessionId = 'session-1'): SignedInPerson {
  return {
    id,
    name: `Person ${id}`,
    sessionId,
    role: { personRoleId: `${id}-${roleCode}`, roleCode, roleName: roleCode, odsCode: 'A81001', orgName: 'Riverside' },
  };
}

// Near the real time: the SDK signs GetCallerIdentity with the real clock and the stand-in allows 15 minutes of skew.
const START = Math.floor(Date.now() / 1000) * 1000;
let clock = START;
const now = (): number => clock;
let issuer: TestTokenIssuer;
let registry: CountingRegistry;
let standIn: RunningStsStandIn;
let sts: STSClient;
const config = (): AwsSignInConfig => ({ roleArns: ROLE_ARNS, sessionSeconds: SESSION_SECONDS, stsEndpoint: standIn.endpoint });

/** A session stand-in: the acting person, and a fresh token for them at the current clock. */
function sourceFor(initial: SignedInPerson | undefined): WebIdentitySource & { acting: SignedInPerson | undefined; tokens: number } {
  const source = {
    acting: initial,
    tokens: 0,
    person: () => source.acting,
    idToken: async () => {
      source.tokens += 1;
      const acting = source.acting;
      if (acting === undefined) {
        throw new SessionEndedError('not-signed-in', 'Sign in to continue.');
      }
      return issuer.token({ subject: acting.id, nowMs: clock, claims: { 'https://aws.amazon.com/source_identity': acting.id } });
    },
  };
  return source;
}

beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  registry = new CountingRegistry();
  standIn = await startStsStandIn({ issuer: issuer.issuer, clientId: issuer.clientId, jwksUri: issuer.jwksUri, registry, now });
  sts = stsClientFor(config(), 'eu-west-2');
});

afterAll(async () => {
  sts.destroy();
  await standIn.stop();
  await issuer.stop();
});

beforeEach(() => {
  registry.issued.length = 0;
  clock = START;
});

describe('credentials for the signed-in person', () => {
  it("assumes the role of the person's app role, named after the person, for the configured duration", async () => {
    const credentials = webIdentityCredentials({ sts, config: config(), source: sourceFor(person('555000000001', 'GP_ADMIN')), now });

    const identity = await credentials();

    expect(identity.accessKeyId).toMatch(/^ASIA/u);
    expect(identity.sessionToken).toBeTruthy();
    expect(identity.expiration?.getTime()).toBe(clock + SESSION_SECONDS * 1000);
    expect(registry.issued).toHaveLength(1);
    expect(registry.issued[0]?.assumedRoleArn).toBe('arn:aws:sts::000000000000:assumed-role/DocStoreGpAdmin/555000000001');
    expect(registry.issued[0]?.sourceIdentity).toBe('555000000001');
  });

  it('gives the SDK clients credentials they sign with: STS names the assumed role', async () => {
    const credentials = webIdentityCredentials({ sts, config: config(), source: sourceFor(person('555000000003', 'PCSE')), now });
    const signed = createStsClient('eu-west-2', standIn.endpoint, { credentials });
    try {
      const caller = await signed.send(new GetCallerIdentityCommand({}));
      expect(caller.Arn).toBe('arn:aws:sts::000000000000:assumed-role/DocStorePcse/555000000003');
    } finally {
      signed.destroy();
    }
  });

  it('the SDK clients follow a change of person and a sign-out at once, keeping no credentials of their own', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });
    const signed = createStsClient('eu-west-2', standIn.endpoint, { credentials });
    try {
      expect((await signed.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::000000000000:assumed-role/DocStoreGpAdmin/555000000001');

      source.acting = person('555000000002', 'GP_CLINICAL');
      expect((await signed.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::000000000000:assumed-role/DocStoreGpClinical/555000000002');

      credentials.forget();
      source.acting = undefined;
      await expect(signed.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SessionEndedError', code: 'not-signed-in' });
    } finally {
      signed.destroy();
    }
  });

  it('keeps the credentials until the refresh margin before expiry, then fetches new ones', async () => {
    const credentials = webIdentityCredentials({ sts, config: config(), source: sourceFor(person('555000000001', 'GP_ADMIN')), now, refreshMarginMs: 5 * MINUTE });
    const first = await credentials();

    clock += SESSION_SECONDS * 1000 - 5 * MINUTE - 1_000;
    expect((await credentials()).accessKeyId).toBe(first.accessKeyId);

    clock += 2_000;
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(registry.issued).toHaveLength(2);
    expect((await credentials()).accessKeyId).toBe(second.accessKeyId);
  });

  it('shares one STS call between callers asking at the same time', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });

    const all = await Promise.all([credentials(), credentials(), credentials(), credentials(), credentials()]);

    expect(new Set(all.map((identity) => identity.accessKeyId)).size).toBe(1);
    expect(registry.issued).toHaveLength(1);
    expect(source.tokens).toBe(1);
  });

  it('drops the credentials when another person signs in, or the person changes role', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });
    const admin = await credentials();

    source.acting = person('555000000002', 'GP_CLINICAL');
    const clinician = await credentials();
    expect(clinician.accessKeyId).not.toBe(admin.accessKeyId);
    expect(registry.issued.at(-1)?.assumedRoleArn).toBe('arn:aws:sts::000000000000:assumed-role/DocStoreGpClinical/555000000002');

    source.acting = person('555000000002', 'PCSE');
    await credentials();
    expect(registry.issued.at(-1)?.assumedRoleArn).toBe('arn:aws:sts::000000000000:assumed-role/DocStorePcse/555000000002');
    expect(registry.issued).toHaveLength(3);
  });

  it('drops the credentials at sign-out (forget), even those of a call still in flight', async () => {
    const credentials = webIdentityCredentials({ sts, config: config(), source: sourceFor(person('555000000001', 'GP_ADMIN')), now });
    const before = await credentials();

    credentials.forget();
    const after = await credentials();
    expect(after.accessKeyId).not.toBe(before.accessKeyId);

    credentials.forget();
    const inFlight = credentials();
    credentials.forget();
    const stale = await inFlight;
    const next = await credentials();
    expect(next.accessKeyId).not.toBe(stale.accessKeyId);
    expect(registry.issued).toHaveLength(4);
  });

  it('refuses with not-signed-in when nobody is signed in, asking STS nothing', async () => {
    const credentials = webIdentityCredentials({ sts, config: config(), source: sourceFor(undefined), now });

    const error = await credentials().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SessionEndedError);
    expect((error as SessionEndedError).code).toBe('not-signed-in');
    expect(registry.issued).toHaveLength(0);
  });

  it('passes on the session ending while it waited for a new sign-in', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    source.idToken = () => Promise.reject(new SessionEndedError('session-expired', 'Your sign-in has expired.'));
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });

    await expect(credentials()).rejects.toMatchObject({ name: 'SessionEndedError', code: 'session-expired' });
  });
});

describe('STS refusals in plain words', () => {
  it('an expired ID token is a session that has expired', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    source.idToken = () => issuer.token({ subject: '555000000001', nowMs: clock - 20 * MINUTE, lifetimeSeconds: 60 });
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });

    const error = await credentials().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ code: 'session-expired', message: 'Your sign-in has expired. Sign in again to continue.' });
  });

  it('a token STS does not accept asks the person to sign in again', async () => {
    const source = sourceFor(person('555000000001', 'GP_ADMIN'));
    source.idToken = () => issuer.token({ subject: '555000000001', nowMs: clock, forged: true });
    const credentials = webIdentityCredentials({ sts, config: config(), source, now });

    await expect(credentials()).rejects.toMatchObject({ name: 'SessionEndedError', code: 'session-expired' });
  });

  it("a role whose trust policy refuses the sign-in says the person's role has no access", async () => {
    const strict = await startStsStandIn({
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      jwksUri: issuer.jwksUri,
      registry,
      now,
      trusts: (roleArn) => roleArn === ROLE_ARNS.GP_ADMIN,
    });
    const strictConfig = { ...config(), stsEndpoint: strict.endpoint };
    const client = stsClientFor(strictConfig, 'eu-west-2');
    try {
      const credentials = webIdentityCredentials({ sts: client, config: strictConfig, source: sourceFor(person('555000000002', 'GP_CLINICAL')), now });
      const error = await credentials().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsSignInError);
      expect(error).toMatchObject({ code: 'access-denied', stsError: 'AccessDenied' });
      expect((error as Error).message).toBe(
        "Your role (GP practice clinician) has no access to the document store in AWS. Ask your administrator to check the role's AWS permissions.",
      );
    } finally {
      client.destroy();
      await strict.stop();
    }
  });

  it('settings STS calls invalid (a session too short) say the sign-in is not set up right', async () => {
    const shortConfig = { ...config(), sessionSeconds: 60 };
    const credentials = webIdentityCredentials({ sts, config: shortConfig, source: sourceFor(person('555000000001', 'GP_ADMIN')), now });

    await expect(credentials()).rejects.toMatchObject({ name: 'AwsSignInError', code: 'sign-in-not-configured', stsError: 'ValidationError' });
  });

  it('an STS that cannot be reached gives the usual unreachable words, naming the endpoint', async () => {
    const gone = await startStsStandIn({ issuer: issuer.issuer, clientId: issuer.clientId, jwksUri: issuer.jwksUri, registry, now });
    await gone.stop();
    const goneConfig = { ...config(), stsEndpoint: gone.endpoint };
    const client = stsClientFor(goneConfig, 'eu-west-2');
    try {
      const credentials = webIdentityCredentials({ sts: client, config: goneConfig, source: sourceFor(person('555000000001', 'GP_ADMIN')), now });
      const error = await credentials().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'AwsSignInError', code: 'unreachable' });
      expect((error as Error).message).toContain(`Cannot reach STS at ${gone.endpoint}`);
      expect((error as Error).cause).toBeUndefined();
    } finally {
      client.destroy();
    }
  });
});

describe('the session name STS is given', () => {
  it.each([
    ['555000000001', '555000000001'],
    ['a.b@nhs.net', 'a.b@nhs.net'],
    ['name with spaces/and:colons', 'name_with_spaces_and_colons'],
    ['x', 'user-x'],
    ['9'.repeat(80), '9'.repeat(64)],
  ])('%s becomes %s', (id, expected) => {
    expect(sessionNameFor(id)).toBe(expected);
  });
});

afterEach(() => {
  clock = START;
});
