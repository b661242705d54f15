import { describe, expect, it } from 'vitest';

import { type Config, type ConfigError, type Environment, loadConfig, wantsBuiltInSandbox } from '../../../main/config/config.js';

const BUCKET = { DOCSTORE_ZIP_BUCKET: 'prod-zip-bucket' } as const;
const ALL_ENDPOINTS = {
  AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567',
  AWS_ENDPOINT_URL_S3: 'http://localhost:4568',
  AWS_ENDPOINT_URL_SQS: 'http://localhost:4569',
} as const;

function configOf(env: Environment): Config {
  const result = loadConfig(env);
  if (!result.ok) {
    throw new Error(`expected a valid configuration, got ${result.error.variable}: ${result.error.message}`);
  }
  return result.value;
}

function errorOf(env: Environment): ConfigError {
  const result = loadConfig(env);
  if (result.ok) {
    throw new Error(`expected a configuration error, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

describe('loadConfig defaults', () => {
  it('uses the sandbox environment, eu-west-2 and the original table names when only the bucket is set', () => {
    expect(configOf(BUCKET)).toEqual({
      environment: 'sandbox',
      region: 'eu-west-2',
      endpoints: {},
      metadataTable: 'DocumentReferenceMetadata',
      zipTraceTable: 'DocumentZipTrace',
      zipBucket: 'prod-zip-bucket',
      auditQueue: { name: 'sandbox-sensitive-audit' },
      presignExpirySeconds: 1800,
      traceTtlDays: 90,
      maxParallelTransfers: 4,
      noByteTimeoutMs: 30_000,
      traceCopy: 'background',
      network: {},
      dataDir: expect.stringMatching(/document-store-desktop$/),
    });
  });

  it('keeps its data where DOCSTORE_DATA_DIR says, which must be an absolute path', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_DATA_DIR: '/srv/docstore' }).dataDir).toBe('/srv/docstore');
    expect(errorOf({ ...BUCKET, DOCSTORE_DATA_DIR: 'relative/dir' })).toMatchObject({ variable: 'DOCSTORE_DATA_DIR' });
  });

  it('requires the ZIP bucket: an empty environment is reported by that variable', () => {
    const error = errorOf({});
    expect(error.variable).toBe('DOCSTORE_ZIP_BUCKET');
    expect(error.message).toContain('DOCSTORE_ZIP_BUCKET is not set');
  });

  it('names the audit queue after the environment', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_ENV: 'prod' }).auditQueue).toEqual({ name: 'prod-sensitive-audit' });
  });

  it('uses an explicit audit queue URL as a URL', () => {
    const url = 'https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit';
    expect(configOf({ ...BUCKET, DOCSTORE_ENV: 'prod', DOCSTORE_AUDIT_QUEUE_URL: url }).auditQueue).toEqual({ url });
  });

  it('uses explicit values when they are valid', () => {
    const config = configOf({
      ...BUCKET,
      DOCSTORE_ENV: 'prod',
      AWS_REGION: 'eu-west-1',
      DOCSTORE_METADATA_TABLE: 'prod_DocumentReferenceMetadata',
      DOCSTORE_ZIP_TRACE_TABLE: 'prod_DocumentZipTrace',
      DOCSTORE_PRESIGN_EXPIRY_SECONDS: '600',
      DOCSTORE_TRACE_TTL_DAYS: '30',
    });
    expect(config).toMatchObject({
      environment: 'prod',
      region: 'eu-west-1',
      metadataTable: 'prod_DocumentReferenceMetadata',
      zipTraceTable: 'prod_DocumentZipTrace',
      presignExpirySeconds: 600,
      traceTtlDays: 30,
    });
  });

  it('treats blank and whitespace-only values as unset', () => {
    const config = configOf({
      ...BUCKET,
      DOCSTORE_ENV: '  ',
      AWS_REGION: '',
      DOCSTORE_METADATA_TABLE: ' ',
      DOCSTORE_AUDIT_QUEUE_URL: '',
      DOCSTORE_PRESIGN_EXPIRY_SECONDS: '',
      AWS_ENDPOINT_URL_S3: '   ',
    });
    expect(config).toMatchObject({
      environment: 'sandbox',
      region: 'eu-west-2',
      endpoints: {},
      metadataTable: 'DocumentReferenceMetadata',
      auditQueue: { name: 'sandbox-sensitive-audit' },
      presignExpirySeconds: 1800,
    });
  });

  it('reports a blank ZIP bucket as not set', () => {
    expect(errorOf({ DOCSTORE_ZIP_BUCKET: '   ' }).variable).toBe('DOCSTORE_ZIP_BUCKET');
  });

  it('trims surrounding whitespace from values', () => {
    expect(configOf({ DOCSTORE_ZIP_BUCKET: ' bucket-name \n', DOCSTORE_ENV: ' prod ' })).toMatchObject({
      zipBucket: 'bucket-name',
      environment: 'prod',
    });
  });
});

describe('loadConfig region', () => {
  it('uses AWS_DEFAULT_REGION when AWS_REGION is unset', () => {
    expect(configOf({ ...BUCKET, AWS_DEFAULT_REGION: 'us-east-1' }).region).toBe('us-east-1');
  });

  it('prefers AWS_REGION over AWS_DEFAULT_REGION', () => {
    expect(configOf({ ...BUCKET, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' }).region).toBe('eu-west-1');
  });

  it('names AWS_DEFAULT_REGION when that is where a bad region came from', () => {
    expect(errorOf({ ...BUCKET, AWS_DEFAULT_REGION: 'London' }).variable).toBe('AWS_DEFAULT_REGION');
  });
});

describe('loadConfig rejects invalid values by variable, quoting the value', () => {
  it.each<[string, Environment, string]>([
    ['a region name that is not an AWS region', { AWS_REGION: 'London' }, 'AWS_REGION'],
    ['an environment with capitals and spaces', { DOCSTORE_ENV: 'Prod Env' }, 'DOCSTORE_ENV'],
    ['a non-http endpoint', { DOCSTORE_ENV: 'prod', AWS_ENDPOINT_URL_S3: 'ftp://x' }, 'AWS_ENDPOINT_URL_S3'],
    ['an endpoint without a scheme', { DOCSTORE_ENV: 'prod', AWS_ENDPOINT_URL_SQS: 'localhost:4566' }, 'AWS_ENDPOINT_URL_SQS'],
    ['a non-http audit queue URL', { DOCSTORE_AUDIT_QUEUE_URL: 'ftp://x' }, 'DOCSTORE_AUDIT_QUEUE_URL'],
    ['a table name with spaces', { DOCSTORE_METADATA_TABLE: 'my table' }, 'DOCSTORE_METADATA_TABLE'],
    ['a zero presign expiry', { DOCSTORE_PRESIGN_EXPIRY_SECONDS: '0' }, 'DOCSTORE_PRESIGN_EXPIRY_SECONDS'],
    ['a non-numeric presign expiry', { DOCSTORE_PRESIGN_EXPIRY_SECONDS: 'abc' }, 'DOCSTORE_PRESIGN_EXPIRY_SECONDS'],
    ['a fractional presign expiry', { DOCSTORE_PRESIGN_EXPIRY_SECONDS: '1.5' }, 'DOCSTORE_PRESIGN_EXPIRY_SECONDS'],
    ['a presign expiry over 7 days', { DOCSTORE_PRESIGN_EXPIRY_SECONDS: '604801' }, 'DOCSTORE_PRESIGN_EXPIRY_SECONDS'],
    ['a zero trace TTL', { DOCSTORE_TRACE_TTL_DAYS: '0' }, 'DOCSTORE_TRACE_TTL_DAYS'],
    ['a non-numeric trace TTL', { DOCSTORE_TRACE_TTL_DAYS: 'ninety' }, 'DOCSTORE_TRACE_TTL_DAYS'],
    ['a trace TTL over ten years', { DOCSTORE_TRACE_TTL_DAYS: '3651' }, 'DOCSTORE_TRACE_TTL_DAYS'],
    ['seventeen parallel transfers', { DOCSTORE_MAX_PARALLEL_TRANSFERS: '17' }, 'DOCSTORE_MAX_PARALLEL_TRANSFERS'],
    ['a no-byte timeout under 5 seconds', { DOCSTORE_NO_BYTE_TIMEOUT_SECONDS: '4' }, 'DOCSTORE_NO_BYTE_TIMEOUT_SECONDS'],
    ['a no-byte timeout over 5 minutes', { DOCSTORE_NO_BYTE_TIMEOUT_SECONDS: '301' }, 'DOCSTORE_NO_BYTE_TIMEOUT_SECONDS'],
    ['an audit queue name with spaces', { DOCSTORE_AUDIT_QUEUE_NAME: 'my queue' }, 'DOCSTORE_AUDIT_QUEUE_NAME'],
    ['a relative CA bundle', { DOCSTORE_CA_BUNDLE: 'roots.pem' }, 'DOCSTORE_CA_BUNDLE'],
    ['a SOCKS proxy', { DOCSTORE_PROXY_URL: 'socks5://proxy:1080' }, 'DOCSTORE_PROXY_URL'],
  ])('%s', (_label, env, variable) => {
    const value = env[variable] ?? '';
    const error = errorOf({ ...BUCKET, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(`"${value}"`);
  });

  it('says why a number is rejected', () => {
    expect(errorOf({ ...BUCKET, DOCSTORE_PRESIGN_EXPIRY_SECONDS: '0' }).message).toContain('use at least 1');
    expect(errorOf({ ...BUCKET, DOCSTORE_TRACE_TTL_DAYS: '3651' }).message).toContain('use at most 3650');
  });

  it('accepts the boundary values', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_PRESIGN_EXPIRY_SECONDS: '604800', DOCSTORE_TRACE_TTL_DAYS: '1' })).toMatchObject({
      presignExpirySeconds: 604_800,
      traceTtlDays: 1,
    });
  });
});

describe('loadConfig transfers and network', () => {
  it('reads the parallel transfers, CA bundle and proxy', () => {
    expect(
      configOf({
        ...BUCKET,
        DOCSTORE_MAX_PARALLEL_TRANSFERS: '2',
        DOCSTORE_NO_BYTE_TIMEOUT_SECONDS: '5',
        DOCSTORE_CA_BUNDLE: '/etc/ssl/nhs-roots.pem',
        DOCSTORE_PROXY_URL: 'http://proxy.example.nhs.uk:8080',
      }),
    ).toMatchObject({
      maxParallelTransfers: 2,
      noByteTimeoutMs: 5_000,
      network: { caBundlePath: '/etc/ssl/nhs-roots.pem', proxyUrl: 'http://proxy.example.nhs.uk:8080' },
    });
  });

  it('reads the trace copy mode, and refuses one it does not know by its variable', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_TRACE_COPY: 'before-save' }).traceCopy).toBe('before-save');
    expect(configOf({ ...BUCKET, DOCSTORE_TRACE_COPY: 'none' }).traceCopy).toBe('none');
    expect(errorOf({ ...BUCKET, DOCSTORE_TRACE_COPY: 'later' })).toMatchObject({ variable: 'DOCSTORE_TRACE_COPY', message: expect.stringContaining('before-save') });
  });

  it('names the audit queue by DOCSTORE_AUDIT_QUEUE_NAME, while a URL still wins', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_AUDIT_QUEUE_NAME: 'custom-audit' }).auditQueue).toEqual({ name: 'custom-audit' });
    const url = 'https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit';
    expect(configOf({ ...BUCKET, DOCSTORE_AUDIT_QUEUE_NAME: 'custom-audit', DOCSTORE_AUDIT_QUEUE_URL: url }).auditQueue).toEqual({ url });
  });
});

describe('loadConfig endpoints', () => {
  it('uses all three endpoints in the sandbox environment', () => {
    expect(configOf({ ...BUCKET, ...ALL_ENDPOINTS }).endpoints).toEqual({
      dynamodb: 'http://localhost:4567',
      s3: 'http://localhost:4568',
      sqs: 'http://localhost:4569',
    });
  });

  it.each<[Environment, string]>([
    [{ AWS_ENDPOINT_URL_S3: 'http://localhost:4568' }, 'AWS_ENDPOINT_URL_DYNAMODB'],
    [{ AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567', AWS_ENDPOINT_URL_S3: 'http://localhost:4568' }, 'AWS_ENDPOINT_URL_SQS'],
    [{ AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567', AWS_ENDPOINT_URL_SQS: 'http://localhost:4569' }, 'AWS_ENDPOINT_URL_S3'],
  ])('in the sandbox, a partial set %j is reported by a missing variable (%s)', (endpoints, missing) => {
    const error = errorOf({ ...BUCKET, ...endpoints });
    expect(error.variable).toBe(missing);
    expect(error.message).toContain(`${missing} is not set`);
  });

  it('outside the sandbox, a single endpoint override is allowed', () => {
    expect(configOf({ ...BUCKET, DOCSTORE_ENV: 'prod', AWS_ENDPOINT_URL_S3: 'https://s3.example.test' }).endpoints).toEqual({
      s3: 'https://s3.example.test',
    });
  });
});

describe('loadConfig refuses plain http:// service URLs outside the sandbox', () => {
  const PROD = { ...BUCKET, DOCSTORE_ENV: 'prod' } as const;

  it.each(['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SQS', 'DOCSTORE_AUDIT_QUEUE_URL'])(
    'refuses http:// in %s, even to this computer, naming the variable',
    (variable) => {
      for (const url of ['http://s3.eu-west-2.amazonaws.com', 'HTTP://vpce-1.s3.eu-west-2.vpce.amazonaws.com/', 'http://127.0.0.1:4566']) {
        const error = errorOf({ ...PROD, [variable]: url });
        expect(error.variable, url).toBe(variable);
        expect(error.message, url).toContain(`${variable} has the value "${url}"`);
        expect(error.message, url).toContain('use an https:// URL');
      }
    },
  );

  it('accepts https:// endpoints and audit queue URL', () => {
    const queue = 'https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit';
    expect(configOf({ ...PROD, AWS_ENDPOINT_URL_S3: 'https://bucket.vpce-1.s3.eu-west-2.vpce.amazonaws.com', DOCSTORE_AUDIT_QUEUE_URL: queue })).toMatchObject({
      endpoints: { s3: 'https://bucket.vpce-1.s3.eu-west-2.vpce.amazonaws.com' },
      auditQueue: { url: queue },
    });
  });

  it('still accepts an http:// proxy, which HTTPS is tunnelled through', () => {
    expect(configOf({ ...PROD, DOCSTORE_PROXY_URL: 'http://proxy.example.nhs.uk:8080' }).network).toEqual({ proxyUrl: 'http://proxy.example.nhs.uk:8080' });
  });

  it('lets the sandbox environment use http:// to this computer only', () => {
    for (const host of ['127.0.0.1:4566', '127.0.0.2:4566', 'localhost:4566', '[::1]:4566']) {
      const endpoints = { AWS_ENDPOINT_URL_DYNAMODB: `http://${host}`, AWS_ENDPOINT_URL_S3: `http://${host}`, AWS_ENDPOINT_URL_SQS: `http://${host}` };
      expect(configOf({ ...BUCKET, ...endpoints, DOCSTORE_AUDIT_QUEUE_URL: `http://${host}/000000000000/q` }).endpoints, host).toEqual({
        dynamodb: `http://${host}`,
        s3: `http://${host}`,
        sqs: `http://${host}`,
      });
    }
    const remote = errorOf({ ...BUCKET, ...ALL_ENDPOINTS, AWS_ENDPOINT_URL_S3: 'http://10.0.0.5:4566' });
    expect(remote).toMatchObject({ variable: 'AWS_ENDPOINT_URL_S3', message: expect.stringContaining('to this computer (127.0.0.1 or localhost)') });
    expect(errorOf({ ...BUCKET, DOCSTORE_AUDIT_QUEUE_URL: 'http://127.0.0.1.attacker.example/q' }).variable).toBe('DOCSTORE_AUDIT_QUEUE_URL');
  });
});

describe('wantsBuiltInSandbox', () => {
  it('is true with nothing configured', () => {
    expect(wantsBuiltInSandbox({})).toBe(true);
  });

  it('is true for the sandbox environment with no endpoints', () => {
    expect(wantsBuiltInSandbox({ DOCSTORE_ENV: 'sandbox' })).toBe(true);
  });

  it('treats blank endpoint and environment values as unset', () => {
    expect(wantsBuiltInSandbox({ DOCSTORE_ENV: ' ', AWS_ENDPOINT_URL_S3: '', AWS_ENDPOINT_URL_SQS: '  ' })).toBe(true);
  });

  it.each(['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SQS'])('is false when %s is set', (variable) => {
    expect(wantsBuiltInSandbox({ [variable]: 'http://localhost:4566' })).toBe(false);
  });

  it('is false when all endpoints are set', () => {
    expect(wantsBuiltInSandbox({ DOCSTORE_ENV: 'sandbox', ...ALL_ENDPOINTS })).toBe(false);
  });

  it('is false for another environment', () => {
    expect(wantsBuiltInSandbox({ DOCSTORE_ENV: 'prod' })).toBe(false);
  });
});
