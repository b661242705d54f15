import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { PolicyError } from '../../../main/config/policy-error.js';
import { knownPolicyFields, parsePolicy } from '../../../main/config/policy-schema.js';
import { policyOf } from './policy-fixtures.js';

const GUIDE = join(import.meta.dirname, '../../../docs/it-administrators.md');

function parseErrorOf(json: unknown, platform: NodeJS.Platform = 'linux'): PolicyError {
  const result = parsePolicy(json, platform);
  if (result.ok) {
    throw new Error(`expected a policy error, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

describe('parsePolicy: the example in the IT administrators’ guide', () => {
  it('is a complete, valid policy', async () => {
    const guide = await readFile(GUIDE, 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    const policy = policyOf(JSON.parse(example!), 'win32');
    expect(Object.keys(policy).sort()).toEqual(
      [
        'allowSandbox', 'archiveRetentionDays', 'auditQueueUrl', 'caBundlePath', 'endpoints', 'environment', 'maxParallelTransfers',
        'metadataTable', 'presignExpirySeconds', 'proxyUrl', 'region', 'saveFolder', 'traceTtlDays', 'zipBucket', 'zipTraceTable',
      ].sort(),
    );
  });

  it('points to docs/policy.md, which lists every field the schema knows', async () => {
    expect(await readFile(GUIDE, 'utf8')).toContain('[policy.md](policy.md)');
    const settings = await readFile(join(import.meta.dirname, '../../../docs/policy.md'), 'utf8');
    for (const [object, fields] of knownPolicyFields()) {
      for (const field of fields) {
        expect(settings, field).toContain(`| \`${object === '' ? field : `${object}.${field}`}\``);
      }
    }
  });
});

describe('parsePolicy: valid policies', () => {
  it('accepts an empty object: a policy that only marks the computer as managed', () => {
    expect(policyOf({})).toEqual({ allowSandbox: true });
  });

  it('defaults allowSandbox to true and saveFolder.locked to false', () => {
    expect(policyOf({ saveFolder: { path: '/srv/records' } })).toEqual({ allowSandbox: true, saveFolder: { path: '/srv/records', locked: false } });
  });

  it.each([
    ['a drive path', 'D:\\Patient records'],
    ['a drive path with forward slashes', 'D:/Patient records'],
    ['a UNC share', '\\\\fileserver\\records\\downloads'],
  ])('accepts %s as a Windows save folder', (_label, path) => {
    expect(policyOf({ saveFolder: { path, locked: true } }, 'win32').saveFolder).toEqual({ path, locked: true });
  });

  it('accepts the boundary values', () => {
    expect(policyOf({ presignExpirySeconds: 60, traceTtlDays: 3650, archiveRetentionDays: 36_500, maxParallelTransfers: 16 })).toMatchObject({
      presignExpirySeconds: 60,
      traceTtlDays: 3650,
      archiveRetentionDays: 36_500,
      maxParallelTransfers: 16,
    });
  });
});

describe('parsePolicy: an invalid policy is reported by field, quoting what was found', () => {
  it('gives the message from the issue for a non-numeric expiry', () => {
    expect(parseErrorOf({ presignExpirySeconds: 'abc' }).message).toBe(
      'policy.json: "presignExpirySeconds" must be a whole number of seconds between 60 and 604800 (found "abc"). Ask your IT team to correct policy.json.',
    );
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an expiry under a minute', { presignExpirySeconds: 59 }, 'presignExpirySeconds', 'between 60 and 604800 (found 59)'],
    ['an expiry over seven days', { presignExpirySeconds: 604_801 }, 'presignExpirySeconds', '(found 604801)'],
    ['a fractional TTL', { traceTtlDays: 1.5 }, 'traceTtlDays', 'whole number of days between 1 and 3650 (found 1.5)'],
    ['a quoted number, with a hint', { traceTtlDays: '90' }, 'traceTtlDays', '(found "90": write numbers without quotes)'],
    ['an environment with capitals', { environment: 'Prod' }, 'environment', 'lower-case letters'],
    ['a region name that is not an AWS region', { region: 'London' }, 'region', 'AWS region such as "eu-west-2" (found "London")'],
    ['an endpoint without a scheme', { endpoints: { s3: 's3.eu-west-2.amazonaws.com' } }, 'endpoints.s3', 'must be an https:// URL'],
    ['endpoints as a string', { endpoints: 'https://example' }, 'endpoints', 'must be an object'],
    ['a bucket name with spaces', { zipBucket: 'my bucket' }, 'zipBucket', 'letters, digits'],
    ['a null table name', { metadataTable: null }, 'metadataTable', '(found null)'],
    ['allowSandbox as a string', { allowSandbox: 'false' }, 'allowSandbox', 'must be true or false (found "false")'],
    ['a relative save folder', { saveFolder: { path: 'records', locked: true } }, 'saveFolder.path', 'absolute folder path (found "records")'],
    ['a save folder without a path', { saveFolder: { locked: true } }, 'saveFolder.path', '(found nothing)'],
    ['a save folder as a string', { saveFolder: '/srv/records' }, 'saveFolder', 'must be an object'],
    ['locked as a string', { saveFolder: { path: '/srv', locked: 'yes' } }, 'saveFolder.locked', 'true or false'],
    ['a zero archive retention', { archiveRetentionDays: 0 }, 'archiveRetentionDays', 'between 1 and 36500 (found 0)'],
    ['sixty-four parallel transfers', { maxParallelTransfers: 64 }, 'maxParallelTransfers', 'between 1 and 16 (found 64)'],
    ['a SOCKS proxy', { proxyUrl: 'socks5://proxy:1080' }, 'proxyUrl', 'http:// or https:// proxy URL'],
    ['a relative CA bundle', { caBundlePath: 'roots.pem' }, 'caBundlePath', 'absolute path of a PEM file'],
  ])('%s', (_label, json, field, expected) => {
    const error = parseErrorOf(json);
    expect(error).toMatchObject({ code: 'invalid-policy', field });
    expect(error.message).toMatch(new RegExp(`^policy\\.json: "${field.replace('.', '\\.')}" `));
    expect(error.message).toContain(expected);
  });

  it('refuses a Windows folder that depends on the current drive', () => {
    expect(parseErrorOf({ saveFolder: { path: '\\Records', locked: true } }, 'win32').field).toBe('saveFolder.path');
    expect(parseErrorOf({ caBundlePath: '/etc/roots.pem' }, 'win32').field).toBe('caBundlePath');
  });

  it('refuses an unknown field, so a misspelt "allowSandBox": false cannot be ignored', () => {
    expect(parseErrorOf({ allowSandBox: false })).toMatchObject({
      field: 'allowSandBox',
      message: expect.stringContaining('"allowSandBox" is not a policy setting'),
    });
    expect(parseErrorOf({ endpoints: { dynamo: 'https://x' } }).field).toBe('endpoints.dynamo');
  });

  it('ignores, with a warning, a field this version does not know and that is no misspelling', () => {
    const warnings: string[] = [];
    const result = parsePolicy({ environment: 'prod', viewerSizeLimitMiB: 50, endpoints: { iam: 'https://iam.example' } }, 'linux', '/etc/x/policy.json', (message) =>
      warnings.push(message),
    );
    expect(result).toEqual({ ok: true, value: { environment: 'prod', allowSandbox: true, endpoints: {} } });
    expect(warnings).toEqual([
      'policy.json: "viewerSizeLimitMiB" is not a setting this version knows, so it is ignored (see docs/policy.md).',
      'policy.json: "endpoints.iam" is not a setting this version knows, so it is ignored (see docs/policy.md).',
    ]);
  });

  it.each([
    ['a case slip', { AllowSandbox: false }, 'AllowSandbox', 'allowSandbox'],
    ['a dropped letter', { zipBuckt: 'b-b-b' }, 'zipBuckt', 'zipBucket'],
    ['a nested slip', { saveFolder: { path: '/srv', lockd: true } }, 'saveFolder.lockd', 'saveFolder.locked'],
  ])('refuses %s, naming the setting it was probably meant to be', (_label, json, field, suggestion) => {
    expect(parseErrorOf(json)).toMatchObject({ field, message: expect.stringContaining(`"${field}" is not a policy setting; did you mean "${suggestion}"?`) });
  });

  it.each([[[]], [null], ['prod'], [42]])('refuses %j as a whole policy', (json) => {
    expect(parseErrorOf(json).message).toMatch(/^policy\.json must hold one JSON object/);
  });

  it('refuses both audit queue forms at once', () => {
    expect(parseErrorOf({ auditQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/1/q', auditQueueName: 'prod-sensitive-audit' }).message).toContain(
      'set "auditQueueUrl" or "auditQueueName", not both',
    );
  });

  it('shortens a long value it quotes', () => {
    expect(parseErrorOf({ zipBucket: 'x y'.repeat(100) }).message).toContain('...)');
  });
});
