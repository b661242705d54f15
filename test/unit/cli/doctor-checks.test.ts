import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DoctorProbes, type EndpointAnswer, MIN_FREE_BYTES, runDoctorChecks } from '../../../main/cli/doctor/doctor-checks.js';
import type { JsonAnswer } from '../../../main/cli/doctor/sign-in-checks.js';
import type { Environment } from '../../../main/config/config.js';
import type { SettingOrigin } from '../../../main/config/policy.js';
import type { StartupConfig } from '../../../main/setup/setup.js';
import { policyOf } from '../config/policy-fixtures.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const ISSUER = 'https://auth.example.nhs.uk/oauth2/realms/cis2';
const PDS = 'https://api.service.nhs.uk/personal-demographics/FHIR/R4';
const SIGN_IN: Environment = {
  DOCSTORE_OIDC_ISSUER: ISSUER,
  DOCSTORE_OIDC_CLIENT_ID: 'document-store-desktop',
  DOCSTORE_ROLE_ARN_GP_ADMIN: 'arn:aws:iam::123456789012:role/DocumentStoreGpAdmin',
  DOCSTORE_ROLE_ARN_GP_CLINICAL: 'arn:aws:iam::123456789012:role/DocumentStoreGpClinical',
  DOCSTORE_ROLE_ARN_PCSE: 'arn:aws:iam::123456789012:role/DocumentStorePcse',
  DOCSTORE_PDS_BASE_URL: PDS,
  DOCSTORE_PDS_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token',
};
const PROD: Environment = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip', AWS_REGION: 'eu-west-2', ...SIGN_IN };
const DISCOVERY = { issuer: ISSUER, authorization_endpoint: `${ISSUER}/authorize`, token_endpoint: `${ISSUER}/token` };

function startup(
  env: Environment,
  policyJson?: unknown,
  problem?: string,
  policyWarnings: ReadonlyArray<string> = [],
  policyOrigins: ReadonlyArray<SettingOrigin> = [],
): StartupConfig {
  const policy = policyJson === undefined ? undefined : policyOf(policyJson);
  return { env, policy, effectiveEnv: env, policyWarnings, policyOrigins, ...(problem === undefined ? {} : { problem }) };
}

function probes(
  answer: (url: string) => EndpointAnswer,
  freeBytes: number | undefined = 10 * MIN_FREE_BYTES,
  discovery: (url: string) => JsonAnswer = () => ({ ok: true, status: 200, body: DISCOVERY }),
): DoctorProbes & { reached: string[] } {
  const reached: string[] = [];
  return {
    reached,
    reach: (url) => {
      reached.push(url);
      return Promise.resolve(answer(url));
    },
    fetchJson: (url) => {
      reached.push(url);
      return Promise.resolve(discovery(url));
    },
    freeBytes: () => Promise.resolve(freeBytes),
    now: () => NOW,
  };
}

const answered = (secondsOff = 0): EndpointAnswer => ({ ok: true, status: 403, date: new Date(NOW.getTime() - secondsOff * 1000) });

describe('runDoctorChecks', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'docstore-doctor-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reports every check in order, all in order, for a reachable production setup', async () => {
    const fake = probes(() => answered(3));
    const checks = await runDoctorChecks(startup(PROD, { saveFolder: { path: folder, locked: true } }), fake);
    expect(checks.map(({ name, status }) => `${status} ${name}`)).toEqual([
      'ok Policy',
      'ok Configuration',
      'ok DynamoDB endpoint',
      'ok S3 endpoint',
      'ok SQS endpoint',
      'ok Sign-in',
      'ok AWS roles',
      'ok Sign-in issuer',
      'ok PDS',
      'ok Clock',
      'ok Save folder',
    ]);
    expect(fake.reached).toEqual([
      'https://dynamodb.eu-west-2.amazonaws.com',
      'https://s3.eu-west-2.amazonaws.com',
      'https://sqs.eu-west-2.amazonaws.com',
      `${ISSUER}/.well-known/openid-configuration`,
      PDS,
    ]);
    expect(checks.find(({ name }) => name === 'Clock')?.detail).toBe("3 seconds ahead of the endpoint's clock");
  });

  it('shows each policy warning (an ignored file, an unknown setting) as a warning, not a problem', async () => {
    const warning = 'The policy file "/etc/document-store-desktop/policy.json" is ignored because it is writable by every user.';
    const checks = await runDoctorChecks(startup(PROD, undefined, undefined, [warning]), probes(() => answered()));
    expect(checks).toContainEqual({ name: 'Policy', status: 'warning', detail: warning });
  });

  it('stops at a policy that cannot be used, with its message', async () => {
    const checks = await runDoctorChecks(startup(PROD, undefined, 'policy.json: "x" is wrong.'), probes(() => answered()));
    expect(checks).toEqual([{ name: 'Policy', status: 'problem', detail: 'policy.json: "x" is wrong.' }]);
  });

  it('reports a configuration error in policy terms, and reaches nothing', async () => {
    const fake = probes(() => answered());
    const checks = await runDoctorChecks(startup({ DOCSTORE_ENV: 'prod' }, { environment: 'prod' }), fake);
    expect(checks.at(-1)).toMatchObject({ name: 'Configuration', status: 'problem', detail: expect.stringContaining('"zipBucket" in policy.json') });
    expect(fake.reached).toEqual([]);
  });

  it('reports an unreachable endpoint and a clock 20 minutes off as problems', async () => {
    const checks = await runDoctorChecks(
      startup(PROD),
      probes((url) => (url.includes('s3') ? { ok: false, message: 'getaddrinfo ENOTFOUND' } : answered(-20 * 60))),
      folder,
    );
    expect(checks.filter(({ status }) => status === 'problem').map(({ name, detail }) => `${name}: ${detail}`)).toEqual([
      'S3 endpoint: https://s3.eu-west-2.amazonaws.com cannot be reached: getaddrinfo ENOTFOUND',
      "Clock: 1200 seconds behind the endpoint's clock; AWS refuses requests 15 minutes off. Correct the computer's time.",
    ]);
  });

  it('reports a save folder that is missing or nearly full, and warns when there is none to check', async () => {
    const missing = await runDoctorChecks(startup(PROD), probes(() => answered()), join(folder, 'missing'));
    expect(missing.at(-1)).toMatchObject({ status: 'problem', detail: expect.stringContaining('does not exist or this user cannot write to it') });
    const full = await runDoctorChecks(startup(PROD), probes(() => answered(), MIN_FREE_BYTES - 1), folder);
    expect(full.at(-1)).toMatchObject({ status: 'problem', detail: expect.stringContaining('GiB free; large records need at least 1 GiB') });
    const none = await runDoctorChecks(startup(PROD), probes(() => answered()));
    expect(none.at(-1)).toMatchObject({ name: 'Save folder', status: 'warning' });
  });

  it('checks no endpoint for the built-in sandbox', async () => {
    const fake = probes(() => answered());
    const checks = await runDoctorChecks(startup({}), fake, folder);
    expect(checks.map(({ status }) => status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.reached).toEqual([]);
  });
});

describe('runDoctorChecks: sign-in', () => {
  const problems = (checks: ReadonlyArray<{ name: string; status: string; detail: string }>) =>
    checks.filter(({ status }) => status === 'problem').map(({ name, detail }) => `${name}: ${detail}`);

  it('says sign-in is configured, with its issuer, client id and a role for each app role', async () => {
    const checks = await runDoctorChecks(startup(PROD), probes(() => answered()));
    expect(checks.find(({ name }) => name === 'Sign-in')?.detail).toBe(`configured: issuer ${ISSUER}, client id "document-store-desktop"`);
    expect(checks.find(({ name }) => name === 'AWS roles')?.detail).toBe(
      'GP_ADMIN arn:aws:iam::123456789012:role/DocumentStoreGpAdmin, GP_CLINICAL arn:aws:iam::123456789012:role/DocumentStoreGpClinical, PCSE arn:aws:iam::123456789012:role/DocumentStorePcse',
    );
    expect(checks.find(({ name }) => name === 'Sign-in issuer')).toMatchObject({ status: 'ok', detail: `${ISSUER}/.well-known/openid-configuration found` });
  });

  it('is a problem outside the sandbox when sign-in is not configured at all', async () => {
    const env = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip', AWS_REGION: 'eu-west-2' };
    expect(problems(await runDoctorChecks(startup(env), probes(() => answered())))).toEqual([
      'Sign-in: not configured, so nobody can sign in: set "signInIssuer", "signInClientId", the three role ARNs and the PDS URLs in the policy (docs/policy.md)',
    ]);
  });

  it('reports an issuer whose discovery document cannot be reached, is not one, or names another issuer', async () => {
    const unreachable = await runDoctorChecks(startup(PROD), probes(() => answered(), undefined, () => ({ ok: false, message: 'getaddrinfo ENOTFOUND auth.example.nhs.uk' })));
    expect(problems(unreachable)).toEqual([`Sign-in issuer: ${ISSUER}/.well-known/openid-configuration cannot be reached: getaddrinfo ENOTFOUND auth.example.nhs.uk`]);
    const notFound = await runDoctorChecks(startup(PROD), probes(() => answered(), undefined, () => ({ ok: true, status: 404, body: undefined })));
    expect(problems(notFound)).toEqual([`Sign-in issuer: ${ISSUER}/.well-known/openid-configuration answered HTTP 404, not the discovery document`]);
    const other = await runDoctorChecks(startup(PROD), probes(() => answered(), undefined, () => ({ ok: true, status: 200, body: { ...DISCOVERY, issuer: `${ISSUER}/` } })));
    expect(problems(other)).toEqual([
      `Sign-in issuer: ${ISSUER}/.well-known/openid-configuration names the issuer "${ISSUER}/", not ${ISSUER}: set signInIssuer to exactly what it names`,
    ]);
  });

  it('reports PDS when it cannot be reached', async () => {
    const checks = await runDoctorChecks(startup(PROD), probes((url) => (url === PDS ? { ok: false, message: 'connect ETIMEDOUT' } : answered())));
    expect(problems(checks)).toEqual([`PDS: ${PDS} cannot be reached: connect ETIMEDOUT`]);
  });
});

describe('runDoctorChecks: policy sources', () => {
  const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop';

  it('names the sources in force and reports each ignored setting as a problem, once', async () => {
    const origins: SettingOrigin[] = [
      { field: 'environment', value: 'prod', location: KEY, source: 'registry' },
      { field: 'zipBucket', value: 'REG_DWORD 42', location: KEY, source: 'registry', error: 'must be a REG_SZ (text) value, not REG_DWORD' },
      { field: 'zipBucket', value: 'prod-zip', location: '/etc/document-store-desktop/policy.json', source: 'file' },
    ];
    const warning = `The Windows registry value "zipBucket" (${KEY}) is ignored: it must be a REG_SZ (text) value, not REG_DWORD.`;
    const checks = await runDoctorChecks(startup(PROD, { environment: 'prod', zipBucket: 'prod-zip' }, undefined, [warning], origins), probes(() => answered()));
    expect(checks.slice(0, 2)).toEqual([
      { name: 'Policy', status: 'ok', detail: 'in force from the Windows registry (Group Policy) and the policy file' },
      { name: 'Policy setting', status: 'problem', detail: warning },
    ]);
    expect(checks.filter(({ detail }) => detail === warning)).toHaveLength(1);
  });
});
