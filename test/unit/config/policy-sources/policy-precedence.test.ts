import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPolicySources } from '../../../../main/config/policy.js';
import type { ChannelReader, ChannelSetting } from '../../../../main/config/policy-sources/policy-channel.js';
import { parseRegQuery, registrySettings } from '../../../../main/config/policy-sources/registry-policy.js';
import { MISTAKES_OUTPUT } from './registry-fixtures.js';

const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop';

function registry(values: Readonly<Record<string, unknown>>): ChannelReader {
  const settings: ChannelSetting[] = Object.entries(values).map(([field, value]) => ({ field, value, location: KEY }));
  return () => Promise.resolve({ ok: true, value: { channel: 'registry', settings } });
}

describe('policy from the registry or profile and the file', () => {
  let dir: string;
  let policyFile: string;

  /** Reads with the policy file holding `json` and the channel given; the file's trust check passes. */
  async function read(channel: ChannelReader | null, json?: unknown) {
    const warnings: string[] = [];
    if (json !== undefined) {
      await writeFile(policyFile, JSON.stringify(json));
    } else {
      await rm(policyFile, { force: true });
    }
    const reading = await readPolicySources({}, 'win32', { channel, machineFile: policyFile, trustCheck: () => Promise.resolve(undefined), onWarning: (message) => warnings.push(message) });
    return { ...reading, warnings };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-policy-sources-'));
    policyFile = join(dir, 'policy.json');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds no policy when neither the registry nor the file sets anything', async () => {
    expect(await read(registry({}))).toEqual({ policy: { ok: true, value: undefined }, origins: [], warnings: [] });
  });

  it('lets the registry win over the file setting by setting, recording each value’s source', async () => {
    const { policy, origins } = await read(registry({ environment: 'prod', presignExpirySeconds: 900 }), { environment: 'test', zipBucket: 'test-zip', presignExpirySeconds: 600 });
    expect(policy).toEqual({ ok: true, value: { environment: 'prod', zipBucket: 'test-zip', presignExpirySeconds: 900, allowSandbox: true } });
    expect(origins).toEqual([
      { field: 'environment', value: 'prod', location: KEY, source: 'registry' },
      { field: 'presignExpirySeconds', value: 900, location: KEY, source: 'registry' },
      { field: 'environment', value: 'test', location: policyFile, source: 'file' },
      { field: 'zipBucket', value: 'test-zip', location: policyFile, source: 'file' },
      { field: 'presignExpirySeconds', value: 600, location: policyFile, source: 'file' },
    ]);
  });

  it('ignores a registry value that is not valid, says why, and takes the file’s value instead', async () => {
    const { policy, origins, warnings } = await read(registry({ region: 'London', zipBucket: 'prod-zip' }), { region: 'eu-west-1' });
    expect(policy).toEqual({ ok: true, value: { region: 'eu-west-1', zipBucket: 'prod-zip', allowSandbox: true } });
    expect(origins[0]).toEqual({ field: 'region', value: 'London', location: KEY, source: 'registry', error: 'must be an AWS region such as "eu-west-2" (found "London")' });
    expect(warnings).toEqual([`The Windows registry value "region" (${KEY}) is ignored: it must be an AWS region such as "eu-west-2" (found "London").`]);
  });

  it('ignores each registry value of the wrong type on its own, and uses the rest', async () => {
    const mistakes = registrySettings(parseRegQuery(MISTAKES_OUTPUT));
    const { policy, origins } = await read(() => Promise.resolve({ ok: true, value: { channel: 'registry', settings: mistakes } }));
    // "environment" and the proxy survive: the rest are of the wrong type, unknown, misplaced or (region, empty acr) not valid.
    expect(policy).toEqual({ ok: true, value: { environment: 'prod', proxyUrl: 'http://svc-docstore:S3cret!@proxy.example.nhs.uk:8080', allowSandbox: true } });
    const errors = new Map(origins.map((origin) => [origin.field, origin.error]));
    expect(errors.get('zipBucket')).toBe('must be a REG_SZ (text) value, not REG_DWORD');
    expect(errors.get('region')).toContain('must be an AWS region');
    expect(errors.get('signInAcrValues')).toContain('must be values separated by single spaces');
    expect(errors.get('proxyUrl')).toBeUndefined();
    expect(errors.get('environment')).toBeUndefined();
  });

  it('keeps a valid proxy URL from the registry (the page masks its password)', async () => {
    const { policy } = await read(registry({ proxyUrl: 'http://svc:S3cret@proxy.example.nhs.uk:8080' }));
    expect(policy).toMatchObject({ ok: true, value: { proxyUrl: 'http://svc:S3cret@proxy.example.nhs.uk:8080' } });
  });

  it('ignores a registry "saveFolder.locked" when no source names the folder', async () => {
    const { policy, origins } = await read(registry({ 'saveFolder.locked': true }));
    expect(policy).toEqual({ ok: true, value: undefined });
    expect(origins[0]?.error).toBe('cannot be used without a valid "saveFolder.path", which must be an absolute folder path (found nothing)');
    const withFile = await read(registry({ 'saveFolder.locked': true }), { saveFolder: { path: 'D:\\Records' } });
    expect(withFile.policy).toEqual({ ok: true, value: { allowSandbox: true, saveFolder: { path: 'D:\\Records', locked: true } } });
  });

  it('lets an audit queue the registry names replace the file’s, by URL or by name', async () => {
    const { policy } = await read(registry({ auditQueueName: 'prod-sensitive-audit' }), { auditQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/test-audit' });
    expect(policy).toEqual({ ok: true, value: { auditQueueName: 'prod-sensitive-audit', allowSandbox: true } });
    const both = await read(registry({ auditQueueName: 'prod-sensitive-audit', auditQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/prod-audit' }));
    expect(both.policy).toEqual({ ok: true, value: { auditQueueName: 'prod-sensitive-audit', allowSandbox: true } });
    expect(both.origins.find(({ field }) => field === 'auditQueueUrl')?.error).toBe('set "auditQueueUrl" or "auditQueueName", not both');
  });

  it('still stops on a policy file that is not valid, whatever the registry holds', async () => {
    const { policy } = await read(registry({ environment: 'prod' }), { presignExpirySeconds: '1800' });
    expect(policy.ok).toBe(false);
    expect(!policy.ok && policy.error.message).toContain('"presignExpirySeconds" must be a whole number of seconds');
  });

  it('stops when the registry cannot be read at all', async () => {
    const { policy } = await read(() => Promise.resolve({ ok: false, problem: 'The Windows registry policy key could not be read.' }), { environment: 'prod' });
    expect(policy).toEqual({ ok: false, error: { code: 'invalid-policy', message: 'The Windows registry policy key could not be read.' } });
  });

  it('reads the configuration profile the same way on macOS', async () => {
    const profile: ChannelReader = () =>
      Promise.resolve({ ok: true, value: { channel: 'profile', settings: [{ field: 'traceTtlDays', value: 30, location: '/Library/Managed Preferences/uk.nhs.documentstore.desktop.plist' }] } });
    const { policy, origins } = await read(profile, { traceTtlDays: 90 });
    expect(policy).toEqual({ ok: true, value: { traceTtlDays: 30, allowSandbox: true } });
    expect(origins.map(({ source }) => source)).toEqual(['profile', 'file']);
  });
});
