import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DoctorProbes, type EndpointAnswer, MIN_FREE_BYTES, runDoctorChecks } from '../../../main/cli/doctor/doctor-checks.js';
import type { Environment } from '../../../main/config/config.js';
import type { StartupConfig } from '../../../main/setup/setup.js';
import { policyOf } from '../config/policy-fixtures.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const PROD: Environment = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip', AWS_REGION: 'eu-west-2' };

function startup(env: Environment, policyJson?: unknown, problem?: string, policyWarnings: ReadonlyArray<string> = []): StartupConfig {
  const policy = policyJson === undefined ? undefined : policyOf(policyJson);
  return { env, policy, effectiveEnv: env, policyWarnings, ...(problem === undefined ? {} : { problem }) };
}

function probes(answer: (url: string) => EndpointAnswer, freeBytes: number | undefined = 10 * MIN_FREE_BYTES): DoctorProbes & { reached: string[] } {
  const reached: string[] = [];
  return {
    reached,
    reach: (url) => {
      reached.push(url);
      return Promise.resolve(answer(url));
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
      'ok Clock',
      'ok Save folder',
    ]);
    expect(fake.reached).toEqual(['https://dynamodb.eu-west-2.amazonaws.com', 'https://s3.eu-west-2.amazonaws.com', 'https://sqs.eu-west-2.amazonaws.com']);
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
