import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

import { policyLeaf } from '../../../../main/config/policy-sources/policy-fields.js';
import {
  parseRegQuery,
  POLICY_REGISTRY_PATH,
  readRegistryPolicy,
  type RegOutput,
  registrySettings,
} from '../../../../main/config/policy-sources/registry-policy.js';
import { GROUP_POLICY_OUTPUT, MISTAKES_OUTPUT } from './registry-fixtures.js';

const answer = (output: Partial<RegOutput>) => () => Promise.resolve({ exitCode: 0, stdout: '', stderr: '', ...output });

describe('the registry policy reader', () => {
  it('reads the key the ADMX templates write, each value named and typed as the templates declare', async () => {
    const admx = await readFile('build/policy/windows/DocumentStoreDesktop.admx', 'utf8');
    const keys = new Set([...admx.matchAll(/ key="([^"]+)"/g)].map(([, key]) => key));
    expect([...keys].map((key) => `HKLM\\${key ?? ''}`)).toEqual([POLICY_REGISTRY_PATH]);
    const names = [...admx.matchAll(/valueName="([^"]+)"/g)].map(([, name]) => name ?? '');
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      expect(policyLeaf(name), name).toBeDefined();
    }
    // The templates' boolean policies write a DWORD of 1 or 0, their numbers decimal (DWORD) elements, their text REG_SZ.
    expect(admx).toMatch(/valueName="allowSandbox">\s*<parentCategory[^]*?<enabledValue><decimal value="1" \/>/);
    expect(admx).toContain('<decimal id="presignExpirySeconds" valueName="presignExpirySeconds"');
    expect(admx).toContain('<text id="saveFolder_path" valueName="saveFolder.path"');
  });

  it('asks reg.exe for the key, its subkeys and the 64-bit view, and reads what Group Policy wrote', async () => {
    const asked: Array<ReadonlyArray<string>> = [];
    const reading = await readRegistryPolicy((args) => {
      asked.push(args);
      return answer({ stdout: GROUP_POLICY_OUTPUT })();
    });
    expect(asked).toEqual([['query', 'HKLM\\Software\\Policies\\NHS England\\Document Store Desktop', '/s', '/reg:64']]);
    expect(reading).toEqual({
      ok: true,
      value: {
        channel: 'registry',
        settings: [
          { field: 'environment', value: 'prod', location: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop' },
          { field: 'zipBucket', value: 'prod-document-store-zip-requests', location: expect.any(String) },
          { field: 'allowSandbox', value: false, location: expect.any(String) },
          { field: 'presignExpirySeconds', value: 1800, location: expect.any(String) },
          { field: 'saveFolder.path', value: 'D:\\Patient records\\Downloads', location: expect.any(String) },
          { field: 'saveFolder.locked', value: true, location: expect.any(String) },
          { field: 'endpoints.s3', value: 'https://bucket.vpce-0a1b2c3d.s3.eu-west-2.vpce.amazonaws.com', location: expect.any(String) },
        ],
      },
    });
  });

  it('gives each value of the wrong type, unknown name or wrong place its own error and keeps the good ones', () => {
    const settings = registrySettings(parseRegQuery(MISTAKES_OUTPUT));
    const byField = new Map(settings.map((setting) => [setting.field, setting]));
    expect(byField.get('environment')).toEqual({ field: 'environment', value: 'prod', location: expect.any(String) });
    expect(byField.get('zipBucket')).toMatchObject({ value: 'REG_DWORD 42', error: 'must be a REG_SZ (text) value, not REG_DWORD' });
    expect(byField.get('traceTtlDays')).toMatchObject({ value: 'REG_SZ 90', error: 'must be a REG_DWORD (a whole number) value, not REG_SZ' });
    expect(byField.get('allowSandbox')).toMatchObject({ error: 'must be 1 (true) or 0 (false), not 2' });
    expect(byField.get('signInScopes')).toMatchObject({ value: 'REG_MULTI_SZ openid, profile', error: 'must be a REG_SZ (text) value, not REG_MULTI_SZ' });
    // The type is right: whether the value is valid is the schema's to say (policy-merge).
    expect(byField.get('region')).toEqual({ field: 'region', value: 'London', location: expect.any(String) });
    expect(byField.get('signInAcrValues')).toEqual({ field: 'signInAcrValues', value: '', location: expect.any(String) });
    expect(byField.get('allowSandBox')?.error).toContain('is not a setting this version knows');
    expect(byField.get('saveFolder')?.error).toBe('is a group: set its parts as separate values (for example "saveFolder.path")');
    expect(byField.get('saveFolder\\path')).toMatchObject({ location: expect.stringMatching(/Document Store Desktop\\saveFolder$/), error: expect.stringContaining('is in a subkey') });
  });

  it('keeps spaces inside a value and reads values without a trailing separator', () => {
    expect(parseRegQuery('HKEY_LOCAL_MACHINE\\X\n    saveFolder.path    REG_SZ    D:\\A    B\n    signInAcrValues    REG_SZ\n')).toEqual([
      { key: 'HKEY_LOCAL_MACHINE\\X', name: 'saveFolder.path', type: 'REG_SZ', data: 'D:\\A    B' },
      { key: 'HKEY_LOCAL_MACHINE\\X', name: 'signInAcrValues', type: 'REG_SZ', data: '' },
    ]);
  });

  it('finds nothing, and that is fine, when the key does not exist (reg.exe exits 1)', async () => {
    const reading = await readRegistryPolicy(answer({ exitCode: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.' }));
    expect(reading).toEqual({ ok: true, value: { channel: 'registry', settings: [] } });
  });

  it('cannot be read when reg.exe fails otherwise or cannot run: the app must not start without the policy', async () => {
    const denied = await readRegistryPolicy(answer({ exitCode: 5, stderr: 'ERROR: Access is denied.' }));
    expect(denied).toEqual({ ok: false, problem: expect.stringContaining('reg.exe exit code 5: ERROR: Access is denied.') });
    const missing = await readRegistryPolicy(() => Promise.reject(new Error('spawn reg.exe ENOENT')));
    expect(missing).toEqual({ ok: false, problem: expect.stringContaining('could not be read (spawn reg.exe ENOENT)') });
  });
});
