import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliSandbox } from '../../support/cli-sandbox.js';
import { closedPort } from '../../support/closed-port.js';

const { cli, dir, env } = useCliSandbox('docstore-cli-doctor-');

describe('cli doctor', () => {
  it('reports every check in order and exits 0 against the sandbox', async () => {
    const { code, stdout } = await cli(['doctor', '--folder', dir()]);
    expect(stdout).toMatch(/^OK {7}Policy: none/m);
    expect(stdout).toMatch(/^OK {7}DynamoDB endpoint: http:\/\/127\.0\.0\.1:\d+ answered \(HTTP \d+\)$/m);
    expect(stdout).toMatch(/^OK {7}Save folder: .* is writable, [\d.]+ GiB free$/m);
    expect(stdout).toContain('Everything checked is in order.');
    expect(code).toBe(0);
  });

  it('exits 1 and names the endpoint it cannot reach', async () => {
    const { code, stdout } = await cli(['doctor', '--json'], { ...env(), AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await closedPort()}` });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ name: string; status: string; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find(({ name }) => name === 'S3 endpoint')).toMatchObject({ status: 'problem', detail: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('cli and DOCSTORE_POLICY_FILE', () => {
  it('honours it in the sandbox environment: a broken policy stops every command but doctor, which reports it', async () => {
    const policy = join(dir(), 'broken.json');
    await writeFile(policy, '{"allowSandbox": false, "allowSandbox": true}');
    const search = await cli(['search', '9990000018'], { ...env(), DOCSTORE_POLICY_FILE: policy });
    expect(search.code).toBe(1);
    expect(search.stderr).toContain('sets "allowSandbox" twice');
    const doctor = await cli(['doctor'], { ...env(), DOCSTORE_POLICY_FILE: policy });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^PROBLEM {2}Policy: The policy file ".*broken\.json" is not valid JSON: it sets "allowSandbox" twice/m);
  });

  it('ignores it against a real environment', async () => {
    const policy = join(dir(), 'elsewhere.json');
    await writeFile(policy, '{"zipBucket": 42}');
    const { stdout } = await cli(['doctor'], { ...env(), DOCSTORE_ENV: 'prod', DOCSTORE_POLICY_FILE: policy });
    expect(stdout).toMatch(/^OK {7}Policy: none/m);
  });
});

describe('cli input', () => {
  it('refuses an NHS number over 64 characters, and an argument over 4096, with exit 2 before opening anything', async () => {
    const nhs = await cli(['search', '9'.repeat(65)]);
    expect(nhs).toMatchObject({ code: 2, stdout: '' });
    expect(nhs.stderr).toContain('The NHS number given is 65 characters long');
    const long = await cli(['archive', 'add', 'x'.repeat(5000)]);
    expect(long).toMatchObject({ code: 2 });
    expect(long.stderr).toContain('Argument 3 is 5000 characters long; the longest accepted is 4096.');
  });

  it('echoes an unknown command without its control characters', async () => {
    const { code, stderr } = await cli(['\u001b[2Jsearch\u202E']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "[2Jsearch".');
    expect(stderr).not.toMatch(/[\u001b\u202e]/);
  });

  it('prints the policy JSON Schema with policy --schema', async () => {
    const { code, stdout } = await cli(['policy', '--schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', additionalProperties: false });
  });
});
