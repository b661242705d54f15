import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';

const cli = (args: ReadonlyArray<string>, env: Record<string, string>) => runTsx('main/cli.ts', args, env);

let dir: string;
let env: Record<string, string>;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docstore-cli-doctor-sign-in-'));
  env = { ...sandboxEnv(), DOCSTORE_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli doctor: sign-in', () => {
  it('finds the sandbox issuer’s discovery document and reaches its PDS', async () => {
    const { code, stdout } = await cli(['doctor', '--folder', dir], env);
    expect(stdout).toMatch(/^OK {7}Sign-in: configured: issuer http:\/\/127\.0\.0\.1:\d+\S*, client id "[^"]+"$/m);
    expect(stdout).toMatch(/^OK {7}AWS roles: GP_ADMIN arn:aws:iam::\d{12}:role\/\S+, GP_CLINICAL .*, PCSE .*$/m);
    expect(stdout).toMatch(/^OK {7}Sign-in issuer: http:\/\/127\.0\.0\.1:\d+\S*\/\.well-known\/openid-configuration found$/m);
    expect(stdout).toMatch(/^OK {7}PDS: http:\/\/127\.0\.0\.1:\d+\S* answered \(HTTP \d+\)$/m);
    expect(code).toBe(0);
  });

  it('exits 1 when the issuer cannot be reached', async () => {
    const { code, stdout } = await cli(['doctor', '--json'], { ...env, DOCSTORE_OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}/realms/cis2` });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { checks: Array<{ name: string; status: string; detail: string }> };
    expect(report.checks.find(({ name }) => name === 'Sign-in issuer')).toMatchObject({ status: 'problem', detail: expect.stringContaining('ECONNREFUSED') });
  });
});
