import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { TRACE_COPY_MODES, type TraceCopyMode } from '../../common/download.js';
import { type IdentityConfig } from './identity-config.js';
import { readIdentityConfig } from './identity-settings.js';
import {
  absoluteFile,
  absolutePath,
  type ConfigError,
  ConfigProblem,
  endpointUrl,
  type Environment,
  parseOptional,
  parseVariable,
  positiveWhole,
  readVariable,
  resourceName,
  SANDBOX,
  serviceUrl,
  wholeBetween,
} from './variables.js';

export type { ConfigError, Environment };

/** Where each AWS service is reached; an absent entry means the SDK's real AWS endpoint. */
export interface Endpoints {
  readonly dynamodb?: string;
  readonly s3?: string;
  readonly sqs?: string;
}

/** Corporate network settings for the SDK's HTTPS connections (main/aws/tls.ts); empty on an ordinary network. */
export interface NetworkSettings {
  /** A PEM file of extra trusted roots, for a TLS-inspecting proxy: NODE_EXTRA_CA_CERTS is ignored in the packaged app. */
  readonly caBundlePath?: string;
  /** An http:// or https:// proxy that HTTPS requests are tunnelled through. */
  readonly proxyUrl?: string;
}

/** The audit queue is named by URL, or by name and resolved with GetQueueUrl on first use. */
export type AuditQueue = { readonly url: string } | { readonly name: string };

/** Everything main/ needs to reach the document store, resolved once at start-up. */
export interface Config {
  readonly environment: string;
  readonly region: string;
  readonly endpoints: Endpoints;
  readonly metadataTable: string;
  readonly zipTraceTable: string;
  readonly zipBucket: string;
  readonly auditQueue: AuditQueue;
  readonly presignExpirySeconds: number;
  readonly traceTtlDays: number;
  /** Documents fetched, and ZIP parts uploaded, at the same time. */
  readonly maxParallelTransfers: number;
  /** A transfer that receives or sends no byte for this long has stalled and ends the job. */
  readonly noByteTimeoutMs: number;
  /** When and whether the ZIP's trace copy goes to S3 (main/download/download-job.ts). */
  readonly traceCopy: TraceCopyMode;
  readonly network: NetworkSettings;
  /** Where the app keeps its own state (audit outbox, archive index); never inside a user's save folder. */
  readonly dataDir: string;
  /** Sign-in, AWS credentials from it and the patient look-up; undefined when sign-in is not configured. */
  readonly identity?: IdentityConfig;
}

export type ConfigResult = { readonly ok: true; readonly value: Config } | { readonly ok: false; readonly error: ConfigError };

const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
} as const;

const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and hyphens (for example "prod")');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'use an AWS region such as "eu-west-2"');
/**
 * True when no endpoint is configured and the environment is the sandbox.
 *
 * One rule for the app, the CLI and every tool: configured endpoints are used as they are and nothing is started;
 * otherwise the sandbox environment means "start the built-in emulators in-process".
 */
export function wantsBuiltInSandbox(env: Environment): boolean {
  const name = readVariable(env, 'DOCSTORE_ENV') ?? SANDBOX;
  return name === SANDBOX && Object.values(ENDPOINT_VARIABLES).every((variable) => readVariable(env, variable) === undefined);
}

/** Reads and validates the configuration from environment variables; the first problem found is returned by name. */
export function loadConfig(env: Environment): ConfigResult {
  try {
    return { ok: true, value: readConfig(env) };
  } catch (error) {
    if (error instanceof ConfigProblem) {
      return { ok: false, error: { variable: error.variable, message: error.message } };
    }
    throw error;
  }
}

function readConfig(env: Environment): Config {
  const environment = parseVariable(env, 'DOCSTORE_ENV', environmentName, SANDBOX);
  const endpoints = readEndpoints(env, environment);
  const auditQueueUrl = readVariable(env, 'DOCSTORE_AUDIT_QUEUE_URL');
  return {
    environment,
    region: parseVariable(env, regionVariable(env), region, 'eu-west-2'),
    endpoints,
    metadataTable: parseVariable(env, 'DOCSTORE_METADATA_TABLE', resourceName, 'DocumentReferenceMetadata'),
    zipTraceTable: parseVariable(env, 'DOCSTORE_ZIP_TRACE_TABLE', resourceName, 'DocumentZipTrace'),
    zipBucket: parseVariable(env, 'DOCSTORE_ZIP_BUCKET', resourceName),
    auditQueue:
      auditQueueUrl === undefined
        ? { name: parseVariable(env, 'DOCSTORE_AUDIT_QUEUE_NAME', resourceName, `${environment}-sensitive-audit`) }
        : { url: parseVariable(env, 'DOCSTORE_AUDIT_QUEUE_URL', serviceUrl(environment)) },
    presignExpirySeconds: parseVariable(env, 'DOCSTORE_PRESIGN_EXPIRY_SECONDS', positiveWhole(604_800), '1800'),
    traceTtlDays: parseVariable(env, 'DOCSTORE_TRACE_TTL_DAYS', positiveWhole(3650), '90'),
    maxParallelTransfers: parseVariable(env, 'DOCSTORE_MAX_PARALLEL_TRANSFERS', positiveWhole(16), '4'),
    noByteTimeoutMs: 1_000 * parseVariable(env, 'DOCSTORE_NO_BYTE_TIMEOUT_SECONDS', wholeBetween(5, 300), '30'),
    traceCopy: parseVariable(env, 'DOCSTORE_TRACE_COPY', z.enum(TRACE_COPY_MODES, { error: `use one of ${TRACE_COPY_MODES.join(', ')}` }), 'background'),
    network: readNetwork(env),
    dataDir: parseVariable(env, 'DOCSTORE_DATA_DIR', absolutePath, defaultDataDir(env)),
    ...optionalIdentity(readIdentityConfig(env, environment)),
  };
}

function readEndpoints(env: Environment, environment: string): Endpoints {
  const entries = Object.entries(ENDPOINT_VARIABLES).map(([service, variable]) => {
    const value = readVariable(env, variable);
    return [service, value === undefined ? undefined : parseVariable(env, variable, serviceUrl(environment))] as const;
  });
  const missing = entries.filter(([, value]) => value === undefined).map(([service]) => service);
  const firstMissing = missing[0] as keyof typeof ENDPOINT_VARIABLES | undefined;
  if (environment === SANDBOX && firstMissing !== undefined && missing.length < entries.length) {
    const variable = ENDPOINT_VARIABLES[firstMissing];
    throw new ConfigProblem(
      variable,
      `${variable} is not set. In the sandbox environment set all three AWS_ENDPOINT_URL_* variables, or none of them to use the built-in sandbox.`,
    );
  }
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function readNetwork(env: Environment): NetworkSettings {
  const caBundlePath = parseOptional(env, 'DOCSTORE_CA_BUNDLE', absoluteFile);
  const proxyUrl = parseOptional(env, 'DOCSTORE_PROXY_URL', endpointUrl);
  return { ...(caBundlePath === undefined ? {} : { caBundlePath }), ...(proxyUrl === undefined ? {} : { proxyUrl }) };
}

/** The per-user application-data folder each OS expects; Electron's own userData folder is passed in explicitly. */
export function defaultDataDir(env: Environment): string {
  const folder = 'document-store-desktop';
  switch (process.platform) {
    case 'win32':
      return join(readVariable(env, 'APPDATA') ?? join(homedir(), 'AppData', 'Roaming'), folder);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', folder);
    default:
      return join(readVariable(env, 'XDG_DATA_HOME') ?? join(homedir(), '.local', 'share'), folder);
  }
}

// The SDK falls back to AWS_DEFAULT_REGION; an error must name the variable the user actually set.
function regionVariable(env: Environment): string {
  return readVariable(env, 'AWS_REGION') === undefined && readVariable(env, 'AWS_DEFAULT_REGION') !== undefined
    ? 'AWS_DEFAULT_REGION'
    : 'AWS_REGION';
}


function optionalIdentity(identity: IdentityConfig | undefined): { readonly identity?: IdentityConfig } {
  return identity === undefined ? {} : { identity };
}
