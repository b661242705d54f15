import { describe, expect, it } from 'vitest';

import { loadConfig, wantsBuiltInSandbox } from '../../../main/config/config.js';
import { applyPolicy } from '../../../main/config/policy-apply.js';
import { applied, policyOf } from './policy-fixtures.js';

describe('applyPolicy: policy beats variables, which beat defaults', () => {
  const PROD_POLICY = policyOf({
    environment: 'prod',
    region: 'eu-west-2',
    zipBucket: 'prod-zip-bucket',
    presignExpirySeconds: 600,
    traceTtlDays: 30,
  });

  it('changes nothing without a policy', () => {
    const env = { DOCSTORE_ENV: 'dev', DOCSTORE_ZIP_BUCKET: 'dev-bucket' };
    expect(applied(env, undefined)).toEqual({ env, managed: false, allowSandbox: true, locked: [] });
  });

  it('writes policy values over the variables, and loadConfig checks and reads them', () => {
    const env = { DOCSTORE_ENV: 'dev', DOCSTORE_ZIP_BUCKET: 'my-own-bucket', DOCSTORE_PRESIGN_EXPIRY_SECONDS: '60', DOCSTORE_METADATA_TABLE: 'dev_Metadata' };
    const config = loadConfig(applied(env, PROD_POLICY).env);
    expect(config).toMatchObject({
      ok: true,
      value: {
        environment: 'prod',
        zipBucket: 'prod-zip-bucket',
        presignExpirySeconds: 600,
        traceTtlDays: 30,
        auditQueue: { name: 'prod-sensitive-audit' },
        // Not in the policy: the variable still applies.
        metadataTable: 'dev_Metadata',
      },
    });
  });

  it('maps every scalar field to the variable loadConfig reads', () => {
    const policy = policyOf({
      environment: 'prod',
      region: 'eu-west-1',
      metadataTable: 'prod_Metadata',
      zipTraceTable: 'prod_Trace',
      zipBucket: 'prod-zip',
      auditQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/prod-sensitive-audit',
      presignExpirySeconds: 900,
      traceTtlDays: 7,
      archiveRetentionDays: 30,
      maxParallelTransfers: 2,
      proxyUrl: 'http://proxy.example.nhs.uk:8080',
      caBundlePath: '/etc/ssl/nhs-roots.pem',
    });
    expect(applied({}, policy).env).toEqual({
      DOCSTORE_ENV: 'prod',
      AWS_REGION: 'eu-west-1',
      DOCSTORE_METADATA_TABLE: 'prod_Metadata',
      DOCSTORE_ZIP_TRACE_TABLE: 'prod_Trace',
      DOCSTORE_ZIP_BUCKET: 'prod-zip',
      DOCSTORE_AUDIT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/prod-sensitive-audit',
      DOCSTORE_AUDIT_QUEUE_NAME: undefined,
      DOCSTORE_PRESIGN_EXPIRY_SECONDS: '900',
      DOCSTORE_TRACE_TTL_DAYS: '7',
      DOCSTORE_ARCHIVE_RETENTION_DAYS: '30',
      DOCSTORE_MAX_PARALLEL_TRANSFERS: '2',
      DOCSTORE_PROXY_URL: 'http://proxy.example.nhs.uk:8080',
      DOCSTORE_CA_BUNDLE: '/etc/ssl/nhs-roots.pem',
    });
  });

  it('owns all three endpoints when it sets any: a user cannot add one beside the policy’s', () => {
    const env = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9001' };
    const policy = policyOf({ environment: 'test', zipBucket: 'test-zip', endpoints: { dynamodb: 'https://dynamodb.eu-west-2.amazonaws.com' } });
    const config = loadConfig(applied(env, policy).env);
    expect(config.ok && config.value.endpoints).toEqual({ dynamodb: 'https://dynamodb.eu-west-2.amazonaws.com' });
  });

  it('with "endpoints": {} pins the real AWS endpoints', () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9000' };
    expect(applied(env, policyOf({ endpoints: {} })).env).toEqual({
      AWS_ENDPOINT_URL_DYNAMODB: undefined,
      AWS_ENDPOINT_URL_S3: undefined,
      AWS_ENDPOINT_URL_SQS: undefined,
    });
  });

  it('owns the audit queue: a user cannot send audit events elsewhere with DOCSTORE_AUDIT_QUEUE_URL', () => {
    const env = { DOCSTORE_AUDIT_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/999/elsewhere' };
    expect(applied(env, policyOf({ auditQueueName: 'prod-sensitive-audit' })).env).toMatchObject({
      DOCSTORE_AUDIT_QUEUE_URL: undefined,
      DOCSTORE_AUDIT_QUEUE_NAME: 'prod-sensitive-audit',
    });
  });

  it('passes every boundary value loadConfig also accepts', () => {
    for (const policy of [
      { environment: 'prod', presignExpirySeconds: 60, traceTtlDays: 1 },
      { environment: 'prod', presignExpirySeconds: 604_800, traceTtlDays: 3650 },
    ]) {
      expect(loadConfig(applied({ DOCSTORE_ZIP_BUCKET: 'b-1' }, policyOf(policy)).env).ok).toBe(true);
    }
  });
});

describe('applyPolicy: allowSandbox', () => {
  it('keeps the built-in sandbox by default', () => {
    expect(wantsBuiltInSandbox(applied({}, policyOf({})).env)).toBe(true);
  });

  it('refuses to start the built-in sandbox when the policy forbids it, naming what to set', () => {
    const result = applyPolicy({}, policyOf({ allowSandbox: false }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-policy', field: 'allowSandbox' } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain('"allowSandbox" is false');
    expect(message).toContain('"environment"');
    expect(message).toContain('"zipBucket"');
  });

  it('also refuses DOCSTORE_ENV=sandbox without endpoints', () => {
    expect(applyPolicy({ DOCSTORE_ENV: 'sandbox' }, policyOf({ allowSandbox: false })).ok).toBe(false);
  });

  it('allows a real environment, from the policy or from the variables', () => {
    expect(applied({}, policyOf({ allowSandbox: false, environment: 'prod' })).allowSandbox).toBe(false);
    expect(wantsBuiltInSandbox(applied({ DOCSTORE_ENV: 'prod' }, policyOf({ allowSandbox: false })).env)).toBe(false);
  });

  it('allows configured emulators: only the built-in sandbox is ruled out', () => {
    const policy = policyOf({
      allowSandbox: false,
      endpoints: { dynamodb: 'http://10.0.0.5:4566', s3: 'http://10.0.0.5:4566', sqs: 'http://10.0.0.5:4566' },
    });
    expect(wantsBuiltInSandbox(applied({}, policy).env)).toBe(false);
  });
});

describe('applyPolicy: what the UI shows as managed', () => {
  it('lists the settings the policy fixes, the audit queue under one name', () => {
    const policy = policyOf({ environment: 'prod', zipBucket: 'b-1', auditQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/1/q', allowSandbox: false });
    expect(applied({}, policy)).toMatchObject({ managed: true, locked: ['environment', 'zipBucket', 'auditQueue'] });
  });

  it('lists the save folder only when it is locked', () => {
    expect(applied({}, policyOf({ saveFolder: { path: '/srv/records', locked: false } })).locked).toEqual([]);
    expect(applied({}, policyOf({ saveFolder: { path: '/srv/records', locked: true } }))).toMatchObject({
      locked: ['saveFolder'],
      saveFolder: { path: '/srv/records', locked: true },
    });
  });
});
