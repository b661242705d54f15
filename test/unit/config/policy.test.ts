import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Environment, loadConfig, wantsBuiltInSandbox } from '../../../main/config/config.js';
import {
  type AppliedPolicy,
  applyPolicy,
  configErrorMessage,
  parsePolicy,
  type Policy,
  type PolicyError,
  policyEnvironment,
  policyFilePath,
  readPolicy,
  saveFolderUnderPolicy,
} from '../../../main/config/policy.js';

const GUIDE = join(import.meta.dirname, '../../../docs/it-administrators.md');

function policyOf(json: unknown, platform: NodeJS.Platform = 'linux'): Policy {
  const result = parsePolicy(json, platform);
  if (!result.ok) {
    throw new Error(`expected a valid policy, got: ${result.error.message}`);
  }
  return result.value;
}

function parseErrorOf(json: unknown, platform: NodeJS.Platform = 'linux'): PolicyError {
  const result = parsePolicy(json, platform);
  if (result.ok) {
    throw new Error(`expected a policy error, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

function applied(env: Environment, policy: Policy | undefined): AppliedPolicy {
  const result = applyPolicy(env, policy);
  if (!result.ok) {
    throw new Error(`expected the policy to apply, got: ${result.error.message}`);
  }
  return result.value;
}

describe('policyFilePath: the machine-wide location on each OS', () => {
  it('is under %ProgramData% on Windows, whatever the case of the variable', () => {
    expect(policyFilePath({ PROGRAMDATA: 'D:\\ProgramData' }, 'win32')).toBe('D:\\ProgramData\\Document Store Desktop\\policy.json');
    expect(policyFilePath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe('C:\\ProgramData\\Document Store Desktop\\policy.json');
  });

  it('falls back to C:\\ProgramData when the variable is missing', () => {
    expect(policyFilePath({}, 'win32')).toBe('C:\\ProgramData\\Document Store Desktop\\policy.json');
  });

  it('is in /Library/Application Support on macOS and /etc on Linux', () => {
    expect(policyFilePath({}, 'darwin')).toBe('/Library/Application Support/Document Store Desktop/policy.json');
    expect(policyFilePath({}, 'linux')).toBe('/etc/document-store-desktop/policy.json');
  });
});

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

  it('documents every field the schema knows', async () => {
    const guide = await readFile(GUIDE, 'utf8');
    const fields = [
      'environment', 'region', 'endpoints.dynamodb', 'endpoints.s3', 'endpoints.sqs', 'metadataTable', 'zipTraceTable', 'zipBucket',
      'auditQueueUrl', 'auditQueueName', 'presignExpirySeconds', 'traceTtlDays', 'allowSandbox', 'saveFolder.path', 'saveFolder.locked',
      'archiveRetentionDays', 'maxParallelTransfers', 'proxyUrl', 'caBundlePath',
    ];
    for (const field of fields) {
      expect(guide, field).toContain(`| \`${field}\``);
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
    ['an endpoint without a scheme', { endpoints: { s3: 's3.eu-west-2.amazonaws.com' } }, 'endpoints.s3', 'http:// or https:// URL'],
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

describe('policyEnvironment: for readers that never open the backend', () => {
  it('writes the policy over the variables without the sandbox rule', () => {
    const policy = policyOf({ allowSandbox: false, archiveRetentionDays: 365 });
    expect(applyPolicy({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '7' }, policy).ok).toBe(false);
    expect(policyEnvironment({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '7' }, policy)).toEqual({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '365' });
  });

  it('returns the same environment without a policy', () => {
    const env = { DOCSTORE_ENV: 'prod' };
    expect(policyEnvironment(env, undefined)).toBe(env);
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

describe('saveFolderUnderPolicy: policy beats the user’s choice only when locked', () => {
  it.each<[string, Parameters<typeof saveFolderUnderPolicy>[0], string | null, ReturnType<typeof saveFolderUnderPolicy>]>([
    ['no policy, no choice', undefined, null, { saveFolder: null, locked: false }],
    ['no policy', undefined, '/home/a/Downloads', { saveFolder: '/home/a/Downloads', locked: false }],
    ['a default, no choice yet', { path: '/srv/records', locked: false }, null, { saveFolder: '/srv/records', locked: false }],
    ['a default, the user chose', { path: '/srv/records', locked: false }, '/home/a/Downloads', { saveFolder: '/home/a/Downloads', locked: false }],
    ['a locked folder', { path: '/srv/records', locked: true }, '/home/a/Downloads', { saveFolder: '/srv/records', locked: true }],
  ])('%s', (_label, policyFolder, userChoice, expected) => {
    expect(saveFolderUnderPolicy(policyFolder, userChoice)).toEqual(expected);
  });
});

describe('configErrorMessage', () => {
  const error = { variable: 'DOCSTORE_ZIP_BUCKET', message: 'DOCSTORE_ZIP_BUCKET is not set. Set it to the name your AWS administrator gave you.' };

  it('points a managed computer at the policy field', () => {
    expect(configErrorMessage(error, applied({}, policyOf({ environment: 'prod' })))).toContain('"zipBucket" in policy.json');
  });

  it('leaves the message alone without a policy', () => {
    expect(configErrorMessage(error, applied({}, undefined))).toBe(error.message);
  });
});
