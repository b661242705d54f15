import { describe, expect, it } from 'vitest';
import { setupBackend } from '../../../main/setup/backend.js';
import { parsePolicy, type Policy } from '../../../main/config/policy.js';

// The training build (main/setup/training-build.ts) runs on its built-in sandbox or not at all.

const PROD = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

function policyOf(json: unknown): Policy {
  const result = parsePolicy(json, process.platform);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

describe('setupBackend in the training build', () => {
  it('refuses a real document store named by the environment, in words, before any client exists', async () => {
    const opened = await setupBackend(PROD, { trainingBuild: true });
    expect(opened).toEqual({ ok: false, error: { code: 'invalid-config', message: expect.stringContaining('This is the training copy of Document Store Desktop') } });
  });

  it('refuses endpoints named by a machine policy too', async () => {
    const policy = policyOf({ environment: 'prod', zipBucket: 'prod-zip', endpoints: { s3: 'https://s3.eu-west-2.amazonaws.com' } });
    expect(await setupBackend({}, { trainingBuild: true, policy })).toMatchObject({ ok: false, error: { message: expect.stringContaining('training copy') } });
  });

  it('is not the ordinary build: the same environment opens there', async () => {
    const opened = await setupBackend(PROD);
    expect(opened).toMatchObject({ ok: true, value: { builtInSandbox: false } });
    if (opened.ok) {
      await opened.value.close();
    }
  });
});
