import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  dir = await mkdtemp(join(tmpdir(), 'docstore-cli-doctor-'));
  env = { ...sandboxEnv(), DOCSTORE_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli doctor', () => {
  it('reports every check in order and exits 0 against the sandbox', async () => {
    const { code, stdout } = await cli(['doctor', '--folder', dir], env);
    expect(stdout).toMatch(/^OK {7}Policy: none/m);
    expect(stdout).toMatch(/^OK {7}DynamoDB endpoint: http:\/\/127\.0\.0\.1:\d+ answered \(HTTP \d+\)$/m);
    expect(stdout).toMatch(/^OK {7}Save folder: .* is writable, [\d.]+ GiB free$/m);
    expect(stdout).toContain('Everything checked is in order.');
    expect(code).toBe(0);
  });

  it('exits 1 and names the endpoint it cannot reach', async () => {
    const { code, stdout } = await cli(['doctor', '--json'], { ...env, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await closedPort()}` });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ name: string; status: string; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find(({ name }) => name === 'S3 endpoint')).toMatchObject({ status: 'problem', detail: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('cli and DOCSTORE_POLICY_FILE', () => {
  it('honours it in the sandbox environment: a broken policy stops every command but doctor, which reports it', async () => {
    const policy = join(dir, 'broken.json');
    await writeFile(policy, '{"allowSandbox": false, "allowSandbox": true}');
    const search = await cli(['search', '9990000018'], { ...env, DOCSTORE_POLICY_FILE: policy });
    expect(search.code).toBe(1);
    expect(search.stderr).toContain('sets "allowSandbox" twice');
    const doctor = await cli(['doctor'], { ...env, DOCSTORE_POLICY_FILE: policy });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^PROBLEM {2}Policy: The policy file ".*broken\.json" is not valid JSON: it sets "allowSandbox" twice/m);
  });

  it('ignores it against a real environment', async () => {
    const policy = join(dir, 'elsewhere.json');
    await writeFile(policy, '{"zipBucket": 42}');
    const { stdout } = await cli(['doctor'], { ...env, DOCSTORE_ENV: 'prod', DOCSTORE_POLICY_FILE: policy });
    expect(stdout).toMatch(/^OK {7}Policy: none/m);
  });
});

describe('cli input', () => {
  it('refuses an NHS number over 64 characters, and an argument over 4096, with exit 2 before opening anything', async () => {
    const nhs = await cli(['search', '9'.repeat(65)], env);
    expect(nhs).toMatchObject({ code: 2, stdout: '' });
    expect(nhs.stderr).toContain('The NHS number given is 65 characters long');
    const long = await cli(['archive', 'add', 'x'.repeat(5000)], env);
    expect(long).toMatchObject({ code: 2 });
    expect(long.stderr).toContain('Argument 3 is 5000 characters long; the longest accepted is 4096.');
  });

  it('echoes an unknown command without its control characters', async () => {
    const { code, stderr } = await cli(['\u001b[2Jsearch\u202E'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "[2Jsearch".');
    expect(stderr).not.toMatch(/[\u001b\u202e]/);
  });

  it('prints the policy JSON Schema with policy --schema', async () => {
    const { code, stdout } = await cli(['policy', '--schema'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', additionalProperties: false });
  });
});
