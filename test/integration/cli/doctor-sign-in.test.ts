import { describe, expect, it } from 'vitest';
import { useCliSandbox } from '../../support/cli-sandbox.js';
import { closedPort } from '../../support/closed-port.js';

const { cli, dir, env } = useCliSandbox('docstore-cli-doctor-sign-in-');

describe('cli doctor: sign-in', () => {
  it('finds the sandbox issuer’s discovery document and reaches its PDS', async () => {
    const { code, stdout } = await cli(['doctor', '--folder', dir()]);
    expect(stdout).toMatch(/^OK {7}Sign-in: configured: issuer http:\/\/127\.0\.0\.1:\d+\S*, client id "[^"]+"$/m);
    expect(stdout).toMatch(/^OK {7}AWS roles: GP_ADMIN arn:aws:iam::\d{12}:role\/\S+, GP_CLINICAL .*, PCSE .*$/m);
    expect(stdout).toMatch(/^OK {7}Sign-in issuer: http:\/\/127\.0\.0\.1:\d+\S*\/\.well-known\/openid-configuration found$/m);
    expect(stdout).toMatch(/^OK {7}PDS: http:\/\/127\.0\.0\.1:\d+\S* answered \(HTTP \d+\)$/m);
    expect(code).toBe(0);
  });

  it('exits 1 when the issuer cannot be reached', async () => {
    const { code, stdout } = await cli(['doctor', '--json'], { ...env(), DOCSTORE_OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}/realms/cis2` });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { checks: Array<{ name: string; status: string; detail: string }> };
    expect(report.checks.find(({ name }) => name === 'Sign-in issuer')).toMatchObject({ status: 'problem', detail: expect.stringContaining('ECONNREFUSED') });
  });
});
