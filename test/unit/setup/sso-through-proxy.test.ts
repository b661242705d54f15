import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { setupBackend } from '../../../main/setup/backend.js';
import { parsePolicy, type Policy } from '../../../main/config/policy.js';
import {
  type ConnectProxy,
  createTestPki,
  hasOpenssl,
  SSO_ROLE_CREDENTIALS,
  startConnectProxy,
  startTlsEndpoint,
  type TestPki,
  type TlsEndpoint,
} from '../../support/tls-endpoint.js';

const START_URL = 'https://example.awsapps.com/start';
const PORTAL = 'portal.sso.eu-west-2.amazonaws.com';

// IAM Identity Center sign-in behind a TLS-inspecting proxy: the SDK's SSO client must use the policy's CA and proxy too.
describe.skipIf(!hasOpenssl())('SSO credentials through the policy proxy', () => {
  let pki: TestPki;
  let endpoint: TlsEndpoint;
  let proxy: ConnectProxy;
  let policy: Policy;

  beforeAll(async () => {
    pki = await createTestPki({ hostNames: [PORTAL, 'dynamodb.eu-west-2.amazonaws.com'] });
    endpoint = await startTlsEndpoint(pki);
    proxy = await startConnectProxy({ tunnelTo: endpoint.port });
    const home = pki.dir;
    await mkdir(join(home, '.aws/sso/cache'), { recursive: true });
    await writeFile(
      join(home, '.aws/config'),
      `[profile docstore]\nsso_start_url = ${START_URL}\nsso_region = eu-west-2\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-2\n`,
    );
    await writeFile(
      join(home, '.aws/sso/cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`),
      JSON.stringify({ accessToken: 'sso-access-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), region: 'eu-west-2', startUrl: START_URL }),
    );
    vi.stubEnv('HOME', home);
    vi.stubEnv('AWS_CONFIG_FILE', join(home, '.aws/config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, '.aws/credentials'));
    vi.stubEnv('AWS_PROFILE', 'docstore');
    const bundle = await pki.writeBundle('roots.pem', pki.caPem);
    const parsed = parsePolicy({ environment: 'prod', zipBucket: 'prod-zip', caBundlePath: bundle, proxyUrl: proxy.url }, process.platform);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    policy = parsed.value;
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await proxy.close();
    await endpoint.close();
    await pki.remove();
  });

  it('fetches role credentials from the portal through the proxy, then signs with them', async () => {
    const opened = await setupBackend({}, { policy });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    try {
      await expect(opened.value.clients.dynamo.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    } finally {
      await opened.value.close();
    }
    expect(proxy.tunnels).toEqual(expect.arrayContaining([`${PORTAL}:443`, 'dynamodb.eu-west-2.amazonaws.com:443']));
    expect(endpoint.requests.map((request) => request.path)).toContainEqual(expect.stringContaining('/federation/credentials'));
    const signed = endpoint.requests.find((request) => request.target === 'DynamoDB_20120810.ListTables');
    expect(signed?.accessKeyId).toBe(SSO_ROLE_CREDENTIALS.accessKeyId);
  });
});
