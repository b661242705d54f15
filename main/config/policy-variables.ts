/** Which environment variable each policy field stands for: writing a policy over the variables, and the way back. */
import type { Environment } from './config.js';
import type { Policy } from './policy-schema.js';
import { SIGN_IN_POLICY_VARIABLES } from './policy-sign-in-schema.js';

/**
 * Just the environment with the policy written over it, for readers that never open the backend (the local archive),
 * so the sandbox rule does not apply to them.
 */
export function policyEnvironment(env: Environment, policy: Policy | undefined): Environment {
  if (policy === undefined) {
    return env;
  }
  const overrides: Record<string, string | undefined> = {};
  for (const [field, name] of Object.entries(SCALAR_VARIABLES)) {
    const value = policy[field as keyof typeof SCALAR_VARIABLES];
    if (value !== undefined) {
      overrides[name] = String(value);
    }
  }
  if (policy.endpoints !== undefined) {
    for (const [service, name] of Object.entries(ENDPOINT_VARIABLES)) {
      overrides[name] = policy.endpoints[service as keyof typeof ENDPOINT_VARIABLES];
    }
  }
  if (policy.auditQueueUrl !== undefined || policy.auditQueueName !== undefined) {
    overrides.DOCSTORE_AUDIT_QUEUE_URL = policy.auditQueueUrl;
    overrides.DOCSTORE_AUDIT_QUEUE_NAME = policy.auditQueueName;
  }
  return { ...env, ...overrides };
}

/** The policy field (`"zipBucket"`, `"endpoints.s3"`) that holds, or would hold, a variable's value. */
export function policyFieldOf(variable: string): string | undefined {
  return POLICY_FIELD_OF_VARIABLE[variable];
}

// Policy fields that are one environment variable each; `loadConfig` reads them.
const SCALAR_VARIABLES = {
  environment: 'DOCSTORE_ENV',
  region: 'AWS_REGION',
  metadataTable: 'DOCSTORE_METADATA_TABLE',
  zipTraceTable: 'DOCSTORE_ZIP_TRACE_TABLE',
  zipBucket: 'DOCSTORE_ZIP_BUCKET',
  presignExpirySeconds: 'DOCSTORE_PRESIGN_EXPIRY_SECONDS',
  traceTtlDays: 'DOCSTORE_TRACE_TTL_DAYS',
  archiveRetentionDays: 'DOCSTORE_ARCHIVE_RETENTION_DAYS',
  maxParallelTransfers: 'DOCSTORE_MAX_PARALLEL_TRANSFERS',
  noByteTimeoutSeconds: 'DOCSTORE_NO_BYTE_TIMEOUT_SECONDS',
  traceCopy: 'DOCSTORE_TRACE_COPY',
  maxViewMegabytes: 'DOCSTORE_MAX_VIEW_MB',
  proxyUrl: 'DOCSTORE_PROXY_URL',
  caBundlePath: 'DOCSTORE_CA_BUNDLE',
  ...SIGN_IN_POLICY_VARIABLES,
} as const satisfies Partial<Record<keyof Policy, string>>;

const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  sts: 'AWS_ENDPOINT_URL_STS',
} as const;

const POLICY_FIELD_OF_VARIABLE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SCALAR_VARIABLES).map(([field, name]) => [name, field])),
  ...Object.fromEntries(Object.entries(ENDPOINT_VARIABLES).map(([service, name]) => [name, `endpoints.${service}`])),
  AWS_DEFAULT_REGION: 'region',
  DOCSTORE_AUDIT_QUEUE_URL: 'auditQueueUrl',
  DOCSTORE_AUDIT_QUEUE_NAME: 'auditQueueName',
};
