import { describe, expect, it } from 'vitest';
import type { SearchsetBundle } from '../../../common/fhir.js';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { asWhoMayDownload } from './support/sandbox-users.js';

// Signed in as a sandbox person whose role may see the patient's record (the large record is Hillview's, the mixed
// one has no registered GP: PCSE).
const cli = (args: ReadonlyArray<string>, env: Record<string, string> = sandboxEnv()) => runTsx('main/cli.ts', args, { ...asWhoMayDownload(args[1]), ...env });

describe('cli search', () => {
  it('prints only the Bundle on stdout with --json, every page read', async () => {
    const { code, stdout } = await cli(['search', '9990000034', '--json']);
    expect(code).toBe(0);
    const bundle = JSON.parse(stdout) as SearchsetBundle;
    expect(bundle.total).toBe(1_470);
  });

  it('exits 0 with total 0 for a patient without documents', async () => {
    const { code, stdout } = await cli(['search', '999 000 0069', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ resourceType: 'Bundle', total: 0 });
  });

  it('lists available and not available documents for people', async () => {
    const { code, stdout } = await cli(['search', '9990000042']);
    expect(code).toBe(0);
    expect(stdout).toContain('List of documents available (3)');
    expect(stdout).toMatch(/Infected attachment\.pdf\s+\[virus scan: Infected\]/);
  });

  it('exits 2 with a check-digit message for 1234567890', async () => {
    const { code, stdout, stderr } = await cli(['search', '1234567890']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('check digit');
  });

  it('exits 2 with a format message for abc', async () => {
    const { code, stderr } = await cli(['search', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toContain('use digits only');
  });

  it('exits 2 with usage for an unknown command', async () => {
    const { code, stderr } = await cli(['serach', '9990000018']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "serach"');
  });

  it('exits 1 naming the variable when configuration is invalid, without a stack trace', async () => {
    const { code, stderr } = await cli(['search', '9990000018'], { ...sandboxEnv(), AWS_REGION: 'London' });
    expect(code).toBe(1);
    expect(stderr).toContain('AWS_REGION');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 saying the endpoint is unreachable', async () => {
    const { code, stderr } = await cli(['search', '9990000018'], { ...sandboxEnv(), AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot reach DynamoDB at http://127.0.0.1:9');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
