import { describe, expect, it } from 'vitest';

import type { SettingOrigin } from '../../../../main/config/policy.js';
import { managedSettingsText, managedSettingsView } from '../../../../main/config/policy-sources/managed-settings-view.js';
import { maskSecrets } from '../../../../main/logging/secrets.js';
import { policyOf } from '../policy-fixtures.js';

const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop';
const FILE = 'C:\\ProgramData\\Document Store Desktop\\policy.json';

const origins: SettingOrigin[] = [
  { field: 'environment', value: 'prod', location: KEY, source: 'registry' },
  { field: 'region', value: 'London', location: KEY, source: 'registry', error: 'must be an AWS region such as "eu-west-2" (found "London")' },
  { field: 'proxyUrl', value: 'http://svc-docstore:S3cret@proxy.example.nhs.uk:8080', location: KEY, source: 'registry' },
  { field: 'allowSandBox', value: 'REG_DWORD 1', location: KEY, source: 'registry', error: 'is not a setting this version knows, so it is ignored (see docs/policy.md)' },
  { field: 'environment', value: 'test', location: FILE, source: 'file' },
  { field: 'region', value: 'eu-west-1', location: FILE, source: 'file' },
  { field: 'endpoints.s3', value: 'https://s3.eu-west-2.amazonaws.com', location: FILE, source: 'file' },
];
const policy = policyOf({ environment: 'prod', region: 'eu-west-1', proxyUrl: 'http://svc-docstore:S3cret@proxy.example.nhs.uk:8080', endpoints: { s3: 'https://s3.eu-west-2.amazonaws.com' } });
const env = { DOCSTORE_ZIP_BUCKET: 'my-zip', AWS_DEFAULT_REGION: 'eu-west-3', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566', DOCSTORE_MAX_PARALLEL_TRANSFERS: ' ' };

describe('the managed settings view', () => {
  const view = managedSettingsView({ env, policy, origins });
  const row = (name: string) => view.settings.find((setting) => setting.name === name);

  it('gives each setting its value in force and the source it came from', () => {
    expect(row('environment')).toMatchObject({ value: 'prod', source: 'registry', location: KEY, errors: [] });
    expect(row('endpoints.s3')).toMatchObject({ value: 'https://s3.eu-west-2.amazonaws.com', source: 'file', location: FILE });
    expect(row('zipBucket')).toMatchObject({ value: 'my-zip', source: 'environment', location: 'DOCSTORE_ZIP_BUCKET' });
    expect(row('maxParallelTransfers')).toMatchObject({ value: null, source: 'default', location: null, whenNotSet: 'DOCSTORE_MAX_PARALLEL_TRANSFERS, else 4' });
    expect(row('allowSandbox')).toMatchObject({ value: null, source: 'default' });
    expect(view.managed).toBe(true);
    expect(view.problem).toBeNull();
  });

  it('shows the ignored value’s error on the setting, whose value then comes from the next source', () => {
    expect(row('region')).toMatchObject({
      value: 'eu-west-1',
      source: 'file',
      errors: [`Windows registry ${KEY} (value London): region must be an AWS region such as "eu-west-2" (found "London")`],
    });
  });

  it('does not read the variables for endpoints when the policy has endpoints: the policy owns all four', () => {
    expect(row('endpoints.sqs')).toMatchObject({ value: null, source: 'default' });
  });

  it('lists a name no setting has, with its error, after the known settings', () => {
    expect(view.settings.at(-1)).toMatchObject({ name: 'allowSandBox', source: 'registry', errors: [expect.stringContaining('is not a setting this version knows')] });
  });

  it('never shows a password: the proxy URL is masked before it leaves main', () => {
    expect(row('proxyUrl')?.value).toBe('http://svc-docstore:***@proxy.example.nhs.uk:8080');
    expect(JSON.stringify(view)).not.toContain('S3cret');
    expect(managedSettingsText(view).join('\n')).not.toContain('S3cret');
  });

  it('reads as lines of text for the diagnostics and doctor', () => {
    const text = managedSettingsText(view);
    expect(text).toContain(`environment is prod [registry: ${KEY}]`);
    expect(text).toContain('zipBucket is my-zip [environment: DOCSTORE_ZIP_BUCKET]');
    expect(text).toContain('maxParallelTransfers is not set (DOCSTORE_MAX_PARALLEL_TRANSFERS, else 4)');
    expect(maskSecrets(managedSettingsText(managedSettingsView({ env: { DOCSTORE_PDS_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token' }, policy: undefined, origins: [] })).join('\n'))).toContain(
      'pdsTokenExchangeUrl is https://api.service.nhs.uk/oauth2/token',
    );
    expect(text).toContain(`  ignored: Windows registry ${KEY} (value London): region must be an AWS region such as "eu-west-2" (found "London")`);
  });

  it('says nothing is managed, with the variables and defaults, on a computer without a policy', () => {
    const plain = managedSettingsView({ env: { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, policy: undefined, origins: [], problem: 'The policy file "x" is empty.' });
    expect(plain.managed).toBe(false);
    expect(plain.problem).toBe('The policy file "x" is empty.');
    expect(plain.settings.find(({ name }) => name === 'region')).toMatchObject({ value: 'eu-west-2', source: 'environment', location: 'AWS_REGION' });
  });
});
