import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { httpsAgentFor } from '../../../main/aws/tls.js';
import { setupBackend } from '../../../main/setup/backend.js';
import { saveToFolder } from '../../../main/download/save/save-to-folder.js';
import { parsePolicy, type Policy } from '../../../main/config/policy.js';
import { createTestPki, hasOpenssl, startTlsEndpoint, type TestPki, type TlsEndpoint } from '../../support/tls-endpoint.js';

function policyOf(json: unknown): Policy {
  const result = parsePolicy(json, process.platform);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

const PROD = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

describe('setupBackend under a policy', () => {
  it('never starts the built-in sandbox when the policy forbids it', async () => {
    const opened = await setupBackend({}, { policy: policyOf({ allowSandbox: false }) });
    expect(opened).toMatchObject({ ok: false, error: { code: 'invalid-config', message: expect.stringContaining('"allowSandbox" is false') } });
  });

  it('stops on a CA bundle that does not exist, naming it', async () => {
    const opened = await setupBackend(PROD, { policy: policyOf({ caBundlePath: '/nonexistent/roots.pem' }) });
    expect(opened).toMatchObject({ ok: false, error: { message: expect.stringContaining('"/nonexistent/roots.pem" does not exist') } });
  });

  it('points a missing value at the policy field on a managed computer', async () => {
    const opened = await setupBackend({ DOCSTORE_ENV: 'prod' }, { policy: policyOf({ region: 'eu-west-2' }) });
    expect(opened).toMatchObject({ ok: false, error: { message: expect.stringContaining('"zipBucket" in policy.json') } });
  });

  it('exposes the locked settings and save folder', async () => {
    const opened = await setupBackend(PROD, { policy: policyOf({ zipBucket: 'prod-zip', saveFolder: { path: '/srv/records', locked: true } }) });
    expect(opened.ok && opened.value.policy).toMatchObject({ managed: true, locked: ['zipBucket', 'saveFolder'], saveFolder: { path: '/srv/records', locked: true } });
    if (opened.ok) {
      await opened.value.close();
    }
  });
});

describe.skipIf(!hasOpenssl())('setupBackend with the policy CA bundle reaches an endpoint a private root signed', () => {
  let pki: TestPki;
  let endpoint: TlsEndpoint;

  beforeAll(async () => {
    pki = await createTestPki();
    endpoint = await startTlsEndpoint(pki);
  }, 60_000);

  afterAll(async () => {
    await endpoint.close();
    await pki.remove();
  });

  async function listTables(policy: Policy): Promise<unknown> {
    const opened = await setupBackend({ ...PROD, AWS_ENDPOINT_URL_DYNAMODB: endpoint.url }, { policy });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    try {
      return (await opened.value.clients.dynamo.send(new ListTablesCommand({}))).TableNames;
    } finally {
      await opened.value.close();
    }
  }

  it('fails without the bundle and succeeds with it', async () => {
    await expect(listTables(policyOf({}))).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const bundle = await pki.writeBundle('roots.pem', pki.caPem);
    await expect(listTables(policyOf({ caBundlePath: bundle }))).resolves.toEqual([]);
  });
});

describe.skipIf(!hasOpenssl())('the presigned ZIP download uses the same agent', () => {
  let pki: TestPki;
  let endpoint: TlsEndpoint;
  let folder: string;
  const body = '{"TableNames":[]}';

  beforeAll(async () => {
    pki = await createTestPki();
    endpoint = await startTlsEndpoint(pki);
    folder = await mkdtemp(join(tmpdir(), 'docstore-save-'));
  }, 60_000);

  afterAll(async () => {
    await endpoint.close();
    await pki.remove();
    await rm(folder, { recursive: true, force: true });
  });

  function save(httpsAgent: Agent | undefined, fileName: string): Promise<unknown> {
    const url = `${endpoint.url}/tmp/${fileName}`;
    return saveToFolder({
      url,
      refreshUrl: () => Promise.resolve(url),
      folder,
      fileName,
      expectedSha256: createHash('sha256').update(body).digest('hex'),
      expectedBytes: body.length,
      retryDelayMs: 1,
      ...(httpsAgent === undefined ? {} : { httpsAgent }),
    });
  }

  it('fails without the bundle and saves with it', async () => {
    await expect(save(undefined, 'a.zip')).rejects.toThrow();
    const agent = await httpsAgentFor({ caBundlePath: await pki.writeBundle('roots.pem', pki.caPem), maxSockets: 4 });
    expect(agent.ok).toBe(true);
    await expect(save(agent.ok ? agent.value : undefined, 'b.zip')).resolves.toMatchObject({ path: join(folder, 'b.zip'), bytes: body.length });
  });
});
