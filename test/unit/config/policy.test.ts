import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPolicy } from '../../../main/config/policy.js';

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
    expect(!result.ok && result.error.message).toContain('is not valid JSON');
  });

  it('stops with the path when the policy is a folder', async () => {
    const result = await readPolicy({ DOCSTORE_POLICY_FILE: dir }, 'linux');
    expect(!result.ok && result.error.message).toContain(`The policy file "${dir}"`);
  });

  it('reads files saved by Notepad (UTF-8 with a byte order mark) and by PowerShell 5 Out-File (UTF-16)', async () => {
    const json = JSON.stringify({ environment: 'prod', allowSandbox: false });
    await writeFile(file('bom.json'), `\uFEFF${json}`);
    await writeFile(file('utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    for (const name of ['bom.json', 'utf16.json']) {
      expect(await readPolicy({ DOCSTORE_POLICY_FILE: file(name) }, 'linux')).toEqual({ ok: true, value: { environment: 'prod', allowSandbox: false } });
    }
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
