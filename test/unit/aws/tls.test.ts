import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { httpsAgentFactory, httpsAgentFor, readCaBundle } from '../../../main/aws/tls.js';
import {
  type ConnectProxy,
  createTestPki,
  hasOpenssl,
  startConnectProxy,
  startTlsEndpoint,
  type TestPki,
  type TlsEndpoint,
} from '../../support/tls-endpoint.js';

// Node's own verdicts on a server certificate it cannot chain to a trusted root.
const CERTIFICATE_ERRORS = ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT'];
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
const PUBLIC_ROOT = rootCertificates[0]!;

/** ListTables through the SDK with the given agent; one attempt, so a refused certificate fails at once. */
async function listTables(endpoint: string, httpsAgent: Agent): Promise<string[] | undefined> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent, connectionTimeout: 5_000, requestTimeout: 10_000 }),
  });
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames;
  } finally {
    client.destroy();
  }
}

async function agentOf(options: Parameters<typeof httpsAgentFor>[0]): Promise<Agent> {
  const agent = await httpsAgentFor(options);
  if (!agent.ok) {
    throw new Error(`expected an agent, got ${agent.error.code}: ${agent.error.message}`);
  }
  return agent.value;
}

describe.skipIf(!hasOpenssl())('SDK calls to an endpoint whose certificate a private root signed (openssl CLI)', () => {
  let pki: TestPki;
  let endpoint: TlsEndpoint;
  let bundlePath: string;

  beforeAll(async () => {
    pki = await createTestPki();
    endpoint = await startTlsEndpoint(pki);
    // As Windows exports it: byte order mark, CRLF, and more than one certificate.
    bundlePath = await pki.writeBundle('corporate-roots.pem', `\uFEFF${pki.otherCaPem}${pki.caPem}`.replace(/\r?\n/g, '\r\n'));
  }, 60_000);

  afterAll(async () => {
    await endpoint.close();
    await pki.remove();
  });

  it('fails with a certificate error when the main process trusts only the built-in roots', async () => {
    const before = endpoint.requests.length;
    await expect(listTables(endpoint.url, new Agent({ keepAlive: true }))).rejects.toSatisfy(
      (error: { code?: string }) => CERTIFICATE_ERRORS.includes(error.code ?? ''),
    );
    expect(endpoint.requests.length).toBe(before);
  });

  it('succeeds with the agent built from the bundle, which reached the endpoint as ListTables', async () => {
    await expect(listTables(endpoint.url, await agentOf({ caBundlePath: bundlePath, maxSockets: 50 }))).resolves.toEqual([]);
    expect(endpoint.requests.at(-1)).toMatchObject({ method: 'POST', target: 'DynamoDB_20120810.ListTables' });
  });

  it('keeps trusting the public roots AWS uses, with both bundle certificates added', async () => {
    const agent = await agentOf({ caBundlePath: bundlePath, maxSockets: 7 });
    const ca = agent.options.ca as string[];
    expect(ca).toHaveLength(rootCertificates.length + 2);
    expect(ca.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(agent.maxSockets).toBe(7);
  });

  it('reads every certificate of a bundle written with a byte order mark and CRLF line ends', async () => {
    const bundle = await readCaBundle(bundlePath);
    expect(bundle.ok && bundle.value.length).toBe(2);
  });

  describe('through an HTTP CONNECT proxy', () => {
    let proxy: ConnectProxy;
    let guarded: ConnectProxy;

    beforeAll(async () => {
      proxy = await startConnectProxy();
      guarded = await startConnectProxy({ credentials: { user: 'svc-docstore', password: 'p@ss:word' } });
    });

    afterAll(async () => {
      await proxy.close();
      await guarded.close();
    });

    it('still refuses the endpoint without the bundle: the proxy does not replace certificate checks', async () => {
      await expect(listTables(endpoint.url, await agentOf({ proxyUrl: proxy.url, maxSockets: 50 }))).rejects.toSatisfy(
        (error: { code?: string }) => CERTIFICATE_ERRORS.includes(error.code ?? ''),
      );
      expect(proxy.tunnels).toContain(`127.0.0.1:${endpoint.port}`);
    });

    it('reaches the endpoint through the tunnel with the bundle', async () => {
      const tunnelsBefore = proxy.tunnels.length;
      await expect(listTables(endpoint.url, await agentOf({ proxyUrl: proxy.url, caBundlePath: bundlePath, maxSockets: 50 }))).resolves.toEqual([]);
      expect(proxy.tunnels.slice(tunnelsBefore)).toEqual([`127.0.0.1:${endpoint.port}`]);
    });

    it('sends the Basic credentials written in the proxy URL, percent-encoded as URLs require', async () => {
      const url = new URL(guarded.url);
      url.username = 'svc-docstore';
      url.password = 'p@ss:word';
      await expect(listTables(endpoint.url, await agentOf({ proxyUrl: url.href, caBundlePath: bundlePath, maxSockets: 50 }))).resolves.toEqual([]);
      expect(guarded.refused).toBe(0);
    });

    it('trusts an https:// proxy whose certificate the same private root signed', async () => {
      const secureProxy = await startConnectProxy({ tls: pki });
      try {
        await expect(listTables(endpoint.url, await agentOf({ proxyUrl: secureProxy.url, maxSockets: 50 }))).rejects.toSatisfy(
          (error: { code?: string }) => CERTIFICATE_ERRORS.includes(error.code ?? ''),
        );
        expect(secureProxy.tunnels).toEqual([]);
        await expect(listTables(endpoint.url, await agentOf({ proxyUrl: secureProxy.url, caBundlePath: bundlePath, maxSockets: 50 }))).resolves.toEqual([]);
        expect(secureProxy.tunnels).toEqual([`127.0.0.1:${endpoint.port}`]);
      } finally {
        await secureProxy.close();
      }
    });

    it('fails when the proxy asks for credentials the URL does not carry', async () => {
      await expect(listTables(endpoint.url, await agentOf({ proxyUrl: guarded.url, caBundlePath: bundlePath, maxSockets: 50 }))).rejects.toThrow();
      expect(guarded.refused).toBeGreaterThan(0);
    });
  });
});

describe('readCaBundle: a bundle that cannot be used is named, with what is wrong', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-bundle-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function bundleError(name: string, contents?: string | Buffer): Promise<string> {
    const path = join(dir, name);
    if (contents !== undefined) {
      await writeFile(path, contents);
    }
    const result = await readCaBundle(path);
    if (result.ok) {
      throw new Error(`expected ${name} to be refused`);
    }
    expect(result.error.code).toBe('invalid-ca-bundle');
    expect(result.error.message).toContain(path);
    return result.error.message;
  }

  it('a missing file', async () => {
    expect(await bundleError('missing.pem')).toContain('does not exist');
  });

  it('a folder', async () => {
    expect(await bundleError('.')).toMatch(/is a folder|cannot be read/);
  });

  it('an empty file', async () => {
    expect(await bundleError('empty.pem', '')).toContain('holds no PEM certificate');
  });

  it('a private key instead of a certificate', async () => {
    expect(await bundleError('key.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toContain('holds no PEM certificate');
  });

  it('a DER file, with the command that converts it', async () => {
    expect(await bundleError('root.cer', Buffer.from([0x30, 0x82, 0x03, 0x00, 0x30, 0x82]))).toContain('openssl x509 -inform der');
  });

  it('a damaged certificate, by its position in the bundle', async () => {
    const damaged = '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    expect(await bundleError('damaged.pem', `${PUBLIC_ROOT}\n${damaged}`)).toContain('damaged certificate (number 2 of 2)');
  });

  it('accepts a valid bundle and returns each certificate as PEM', async () => {
    const path = join(dir, 'public.pem');
    await writeFile(path, `${PUBLIC_ROOT}\n${rootCertificates[1]!}\n`);
    const bundle = await readCaBundle(path);
    expect(bundle).toEqual({ ok: true, value: [expect.stringContaining('-----BEGIN CERTIFICATE-----'), expect.stringContaining('-----BEGIN CERTIFICATE-----')] });
  });
});

describe('httpsAgentFor / httpsAgentFactory options', () => {
  it('leaves the SDK defaults alone when neither a bundle nor a proxy is set', async () => {
    expect(await httpsAgentFactory({ maxSockets: 50 })).toEqual({ ok: true, value: undefined });
  });

  it('still returns a plain keep-alive agent from httpsAgentFor', async () => {
    const agent = await agentOf({ maxSockets: 12 });
    expect(agent).toBeInstanceOf(Agent);
    expect(agent.options.ca).toBeUndefined();
    expect(agent.maxSockets).toBe(12);
  });

  it.each(['proxy.example.nhs.uk:8080', 'ftp://proxy.example.nhs.uk', 'not a url'])('refuses the proxy URL %j', async (proxyUrl) => {
    const result = await httpsAgentFor({ proxyUrl, maxSockets: 50 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-proxy', message: expect.stringContaining('http://') } });
  });

  it('never repeats a proxy password in a message', async () => {
    const result = await httpsAgentFor({ proxyUrl: 'ftp://user:secret@proxy.example.nhs.uk', maxSockets: 50 });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret');
    const unparsable = await httpsAgentFor({ proxyUrl: '//user:secret@ proxy', maxSockets: 50 });
    expect(JSON.stringify(unparsable)).not.toContain('secret');
  });

  it('reports a bundle problem before building anything', async () => {
    const result = await httpsAgentFactory({ caBundlePath: join(tmpdir(), 'no-such-bundle.pem'), proxyUrl: 'http://proxy:8080', maxSockets: 50 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-ca-bundle' } });
  });
});
