import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPolicy } from '../../../main/config/policy.js';
import type { PolicyTrustCheck } from '../../../main/config/policy-trust.js';

describe('readPolicy', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-policy-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds no policy, and that is fine, when the machine-wide file does not exist', async () => {
    // On Windows the location follows %ProgramData%, which lets the test point it at an empty folder.
    expect(await readPolicy({ ProgramData: file('empty-program-data') }, 'win32')).toEqual({ ok: true, value: undefined });
  });

  it('reads the file DOCSTORE_POLICY_FILE names instead', async () => {
    await writeFile(file('zip-bucket.json'), JSON.stringify({ zipBucket: 'prod-zip-bucket' }));
    expect(await readPolicy({ DOCSTORE_POLICY_FILE: file('zip-bucket.json') }, 'linux')).toEqual({
      ok: true,
      value: { zipBucket: 'prod-zip-bucket', allowSandbox: true },
    });
  });

  it('ignores DOCSTORE_POLICY_FILE where the caller forbids it (a packaged app)', async () => {
    const env = { DOCSTORE_POLICY_FILE: file('zip-bucket.json'), ProgramData: file('empty-program-data') };
    expect(await readPolicy(env, 'win32', { allowPathOverride: false })).toEqual({ ok: true, value: undefined });
  });

  it('stops when DOCSTORE_POLICY_FILE names a file that does not exist: a typo must not mean "no policy"', async () => {
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('typo.json') }, 'linux');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-policy' } });
    expect(!result.ok && result.error.message).toMatch(/typo\.json" named by DOCSTORE_POLICY_FILE does not exist/);
  });

  it('stops with the path when the file is not JSON', async () => {
    await writeFile(file('broken.json'), '{ "zipBucket": "prod-zip-bucket", }');
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('broken.json') }, 'linux');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain(`The policy file "${file('broken.json')}" is not valid JSON`);
  });

  it('stops with the path when the file is empty', async () => {
    await writeFile(file('empty.json'), '');
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('empty.json') }, 'linux');
    expect(!result.ok && result.error.message).toBe(
      `The policy file "${file('empty.json')}" is empty: it must hold one JSON object such as {"environment": "prod"}. Ask your IT team to correct it.`,
    );
  });

  it('stops with the path when the policy is a folder', async () => {
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: dir }, 'linux');
    expect(!result.ok && result.error.message).toContain(`The policy file "${dir}"`);
  });

  it('reads files saved by Notepad: UTF-8 with a byte order mark', async () => {
    await writeFile(file('bom.json'), `\uFEFF${JSON.stringify({ environment: 'prod', allowSandbox: false })}`);
    expect(await readPolicy({ DOCSTORE_POLICY_FILE: file('bom.json') }, 'linux')).toEqual({ ok: true, value: { environment: 'prod', allowSandbox: false } });
  });

  it.each([
    ['UTF-16LE with a byte order mark (PowerShell 5 Out-File)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"environment":"prod"}', 'utf16le')])],
    ['UTF-16BE with a byte order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"environment":"prod"}', 'utf16le').swap16()])],
    ['UTF-16LE without one', Buffer.from('{"environment":"prod"}', 'utf16le')],
  ])('refuses %s, saying it is UTF-16 and how to save UTF-8', async (_label, bytes) => {
    await writeFile(file('utf16.json'), bytes);
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('utf16.json') }, 'linux');
    expect(!result.ok && result.error.message).toMatch(/^The policy file ".*utf16\.json" is saved as UTF-16 .* save it as UTF-8 instead/);
  });

  it('refuses a file over 256 KiB without reading it whole', async () => {
    await writeFile(file('big.json'), `{"environment": "prod", "x": "${'a'.repeat(256 * 1024)}"}`);
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('big.json') }, 'linux');
    expect(!result.ok && result.error.message).toContain('is larger than 256 KiB');
  });

  it('refuses a deeply nested file with one paragraph, not a RangeError', async () => {
    await writeFile(file('deep.json'), `{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('deep.json') }, 'linux');
    expect(!result.ok && result.error.message).toMatch(/^The policy file ".*deep\.json" is not valid JSON: it nests objects or lists more than 32 deep/);
    expect(!result.ok && result.error.message).not.toContain('\n');
  });

  it('refuses a duplicate key, naming it', async () => {
    await writeFile(file('twice.json'), '{\n  "allowSandbox": false,\n  "allowSandbox": true\n}');
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('twice.json') }, 'linux');
    expect(!result.ok && result.error.message).toContain('is not valid JSON: it sets "allowSandbox" twice; keep one of them (line 3');
  });

  it('passes on a warning for a field this version does not know, and reads the rest', async () => {
    await writeFile(file('newer.json'), JSON.stringify({ environment: 'prod', viewerSizeLimitMiB: 50 }));
    const warnings: string[] = [];
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('newer.json') }, 'linux', { onWarning: (message) => warnings.push(message) });
    expect(result).toEqual({ ok: true, value: { environment: 'prod', allowSandbox: true } });
    expect(warnings).toEqual(['newer.json: "viewerSizeLimitMiB" is not a setting this version knows, so it is ignored (see docs/policy.md).']);
  });
  it('names the file in a field error', async () => {
    await writeFile(file('bad-expiry.json'), JSON.stringify({ presignExpirySeconds: 'abc' }));
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: file('bad-expiry.json') }, 'linux');
    expect(!result.ok && result.error).toEqual({
      code: 'invalid-policy',
      field: 'presignExpirySeconds',
      message: `bad-expiry.json: "presignExpirySeconds" must be a whole number of seconds between 60 and 604800 (found "abc"). Ask your IT team to correct ${file('bad-expiry.json')}.`,
    });
  });
});

describe('readPolicy: the machine policy', () => {
  let programData: string;
  const machineFile = (): string => join(programData, 'Document Store Desktop', 'policy.json');
  const trusted: PolicyTrustCheck = () => Promise.resolve(undefined);

  beforeAll(async () => {
    programData = await mkdtemp(join(tmpdir(), 'docstore-program-data-'));
    await mkdir(join(programData, 'Document Store Desktop'));
    await writeFile(machineFile(), JSON.stringify({ environment: 'prod' }));
  });

  afterAll(async () => {
    await rm(programData, { recursive: true, force: true });
  });

  it('wins over DOCSTORE_POLICY_FILE, with a warning that the variable is ignored', async () => {
    const other = join(programData, 'other.json');
    await writeFile(other, JSON.stringify({ environment: 'dev' }));
    const warnings: string[] = [];
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: other }, 'linux', {
      machineFile: machineFile(),
      trustCheck: trusted,
      onWarning: (message) => warnings.push(message),
    });
    expect(result).toEqual({ ok: true, value: { environment: 'prod', allowSandbox: true } });
    expect(warnings).toEqual([`DOCSTORE_POLICY_FILE is ignored: the machine policy "${machineFile()}" is in force.`]);
  });

  it('is ignored with a warning when users other than administrators could change it', async () => {
    const warnings: string[] = [];
    const result = await readPolicy({}, 'linux', {
      machineFile: machineFile(),
      trustCheck: () => Promise.resolve('can be changed by every user'),
      onWarning: (message) => warnings.push(message),
    });
    expect(result).toEqual({ ok: true, value: undefined });
    expect(warnings).toEqual([`The policy file "${machineFile()}" is ignored because it can be changed by every user.`]);
  });
});
