import { readFile } from 'node:fs/promises';
import { basename, posix, resolve, win32 } from 'node:path';
import { z } from 'zod';
import type { Result } from '../../common/result.js';
import { systemErrorCode } from '../errors.js';
import { type ConfigError, type Environment, wantsBuiltInSandbox } from './config.js';

/**
 * Machine-wide settings an organisation's IT team fixes for every user of a computer.
 *
 * Read once at start from a file only administrators can write; its values win over environment variables and user
 * settings. Every field is optional: what the policy leaves out falls back to the environment, then to defaults.
 */
export interface Policy {
  readonly environment?: string;
  readonly region?: string;
  readonly endpoints?: { readonly dynamodb?: string; readonly s3?: string; readonly sqs?: string };
  readonly metadataTable?: string;
  readonly zipTraceTable?: string;
  readonly zipBucket?: string;
  readonly auditQueueUrl?: string;
  readonly auditQueueName?: string;
  readonly presignExpirySeconds?: number;
  readonly traceTtlDays?: number;
  /** False: the built-in sandbox never starts, so a computer without a configured environment refuses to start. */
  readonly allowSandbox: boolean;
  readonly saveFolder?: PolicySaveFolder;
  readonly archiveRetentionDays?: number;
  readonly maxParallelTransfers?: number;
  readonly proxyUrl?: string;
  readonly caBundlePath?: string;
}

/** A save folder the user cannot change (`locked`), or one offered until the user picks another. */
export interface PolicySaveFolder {
  readonly path: string;
  readonly locked: boolean;
}

/** The names a policy file may use, which are also the names the UI uses to show a setting as managed. */
export type PolicySetting = Exclude<keyof Policy, 'auditQueueUrl' | 'auditQueueName'> | 'auditQueue';

/** A policy that cannot be used; the app does not start, and the message names the file and the field. */
export interface PolicyError {
  readonly code: 'invalid-policy';
  readonly message: string;
  /** The field at fault (`"presignExpirySeconds"`, `"saveFolder.path"`), when one is. */
  readonly field?: string;
}

/** The policy applied: the environment `loadConfig` reads, and what the UI needs to show settings as managed. */
export interface AppliedPolicy {
  /** The environment with every policy value written over it, so policy values pass the same checks as variables. */
  readonly env: Environment;
  /** True when a policy file was found. */
  readonly managed: boolean;
  readonly allowSandbox: boolean;
  /** Settings the policy fixes; the UI shows them as "managed by your organisation" and offers no way to change them. */
  readonly locked: ReadonlyArray<PolicySetting>;
  readonly saveFolder?: PolicySaveFolder;
}

/** Points the app at another policy file; honoured only where the caller allows it (never in a packaged app). */
export const POLICY_FILE_VARIABLE = 'DOCSTORE_POLICY_FILE';

const PRODUCT_FOLDER = 'Document Store Desktop';

/** The policy file's machine-wide location on each OS: folders that only administrators can write. */
export function policyFilePath(env: Environment, platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return win32.join(programData(env), PRODUCT_FOLDER, 'policy.json');
    case 'darwin':
      return posix.join('/Library/Application Support', PRODUCT_FOLDER, 'policy.json');
    default:
      return '/etc/document-store-desktop/policy.json';
  }
}

/**
 * Reads the policy file: `undefined` when there is none, an error naming the file and field when it cannot be used.
 *
 * There is never a fallback: a policy that is present but unreadable or invalid stops the app, because starting
 * without it could mean starting with the sandbox, or with settings the organisation has ruled out.
 */
export async function readPolicy(
  env: Environment,
  platform: NodeJS.Platform,
  options: { readonly allowPathOverride?: boolean } = {},
): Promise<Result<Policy | undefined, PolicyError>> {
  const override = options.allowPathOverride === false ? undefined : variable(env, POLICY_FILE_VARIABLE);
  const path = override === undefined ? policyFilePath(env, platform) : resolve(override);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = systemErrorCode(error);
    if ((code === 'ENOENT' || code === 'ENOTDIR') && override === undefined) {
      return { ok: true, value: undefined };
    }
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? messageOf(error)})`;
    const named = override === undefined ? `The policy file "${path}"` : `The policy file "${path}" named by ${POLICY_FILE_VARIABLE}`;
    return policyError(`${named} ${problem}. Ask your IT team to check it.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(decode(bytes));
  } catch (error) {
    return policyError(`The policy file "${path}" is not valid JSON (${messageOf(error)}). Ask your IT team to correct it.`);
  }
  return parsePolicy(json, platform, path);
}

/**
 * Checks parsed JSON against the policy schema; the first problem found is reported by its field, quoting the value.
 *
 * Unknown fields are errors too: a misspelt `"allowSandBox": false` must not be silently ignored.
 */
export function parsePolicy(json: unknown, platform: NodeJS.Platform, path = 'policy.json'): Result<Policy, PolicyError> {
  const parsed = policySchema(platform).safeParse(json);
  const file = basename(path);
  const advice = `Ask your IT team to correct ${path}.`;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) {
      return policyError(`${file} is not valid. ${advice}`);
    }
    if (issue.code === 'unrecognized_keys') {
      const field = [...issue.path, issue.keys[0] ?? ''].map(String).join('.');
      return policyError(`${file}: "${field}" is not a policy setting (check its spelling against the IT administrators' guide). ${advice}`, field);
    }
    const field = issue.path.map(String).join('.');
    const value = valueAt(json, issue.path);
    if (field === '') {
      return policyError(`${file} must hold one JSON object such as {"environment": "prod"} (found ${shown(value)}). ${advice}`);
    }
    return policyError(`${file}: "${field}" ${RULES[field] ?? 'is not valid'} (found ${shown(value)}${quotedNumberHint(value)}). ${advice}`, field);
  }
  const policy: Policy = parsed.data;
  if (policy.auditQueueUrl !== undefined && policy.auditQueueName !== undefined) {
    return policyError(`${file}: set "auditQueueUrl" or "auditQueueName", not both. ${advice}`, 'auditQueueUrl');
  }
  return { ok: true, value: policy };
}

/**
 * Writes the policy over the environment: policy beats variables, which beat defaults.
 *
 * Pure. `loadConfig` then reads the result, so policy values pass the same checks as variables. A policy that sets
 * `endpoints` or an audit queue owns all of those variables: a user cannot add an endpoint beside the policy's. With
 * `allowSandbox: false`, an environment that would start the built-in sandbox is an error naming what to set.
 */
export function applyPolicy(env: Environment, policy: Policy | undefined): Result<AppliedPolicy, PolicyError> {
  if (policy === undefined) {
    return { ok: true, value: { env, managed: false, allowSandbox: true, locked: [] } };
  }
  const merged = policyEnvironment(env, policy);
  if (!policy.allowSandbox && wantsBuiltInSandbox(merged)) {
    return policyError(
      'policy.json: "allowSandbox" is false, so the built-in sandbox cannot start, and no AWS environment is configured. ' +
        'Set "environment" (for example "prod") and "zipBucket" in policy.json, or "endpoints" for a test environment ' +
        '(on a computer without a policy: DOCSTORE_ENV and DOCSTORE_ZIP_BUCKET).',
      'allowSandbox',
    );
  }
  return {
    ok: true,
    value: {
      env: merged,
      managed: true,
      allowSandbox: policy.allowSandbox,
      locked: lockedSettings(policy),
      ...(policy.saveFolder === undefined ? {} : { saveFolder: policy.saveFolder }),
    },
  };
}

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

/**
 * Says a configuration error in policy terms on a managed computer: which policy field holds, or would hold, the value.
 *
 * The policy's own checks run first, so a policy value reaching `loadConfig` invalid means the two sets of rules
 * disagree; the message still points IT at the right field.
 */
export function configErrorMessage(error: ConfigError, applied: AppliedPolicy): string {
  const field = POLICY_FIELD_OF_VARIABLE[error.variable];
  if (!applied.managed || field === undefined) {
    return error.message;
  }
  return `${error.message} On a computer managed by your organisation this is "${field}" in policy.json: ask your IT team.`;
}

/**
 * The save folder the user sees: a locked policy folder always; otherwise the user's choice, else the policy's default.
 *
 * The renderer shows `locked` as "managed by your organisation" and the main process refuses any other folder.
 */
export function saveFolderUnderPolicy(
  policyFolder: PolicySaveFolder | undefined,
  userChoice: string | null,
): { readonly saveFolder: string | null; readonly locked: boolean } {
  if (policyFolder?.locked === true) {
    return { saveFolder: policyFolder.path, locked: true };
  }
  return { saveFolder: userChoice ?? policyFolder?.path ?? null, locked: false };
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
  proxyUrl: 'DOCSTORE_PROXY_URL',
  caBundlePath: 'DOCSTORE_CA_BUNDLE',
} as const satisfies Partial<Record<keyof Policy, string>>;

const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
} as const;

const POLICY_FIELD_OF_VARIABLE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SCALAR_VARIABLES).map(([field, name]) => [name, field])),
  ...Object.fromEntries(Object.entries(ENDPOINT_VARIABLES).map(([service, name]) => [name, `endpoints.${service}`])),
  AWS_DEFAULT_REGION: 'region',
  DOCSTORE_AUDIT_QUEUE_URL: 'auditQueueUrl',
  DOCSTORE_AUDIT_QUEUE_NAME: 'auditQueueName',
};

// What each field must be, as the sentence after its name; the schema below enforces the same.
const RULES: Readonly<Record<string, string>> = {
  environment: 'must use lower-case letters, digits and hyphens (up to 40 characters), for example "prod"',
  region: 'must be an AWS region such as "eu-west-2"',
  endpoints: 'must be an object with "dynamodb", "s3" and "sqs" URLs',
  'endpoints.dynamodb': 'must be an http:// or https:// URL',
  'endpoints.s3': 'must be an http:// or https:// URL',
  'endpoints.sqs': 'must be an http:// or https:// URL',
  metadataTable: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  zipTraceTable: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  zipBucket: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  auditQueueName: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  auditQueueUrl: 'must be an http:// or https:// URL',
  presignExpirySeconds: 'must be a whole number of seconds between 60 and 604800',
  traceTtlDays: 'must be a whole number of days between 1 and 3650',
  allowSandbox: 'must be true or false',
  saveFolder: 'must be an object such as {"path": "D:\\\\Patient records", "locked": true}',
  'saveFolder.path': 'must be an absolute folder path',
  'saveFolder.locked': 'must be true or false',
  archiveRetentionDays: 'must be a whole number of days between 1 and 36500',
  maxParallelTransfers: 'must be a whole number between 1 and 16',
  proxyUrl: 'must be an http:// or https:// proxy URL such as "http://proxy.example.nhs.uk:8080"',
  caBundlePath: 'must be the absolute path of a PEM file',
};

function policySchema(platform: NodeJS.Platform) {
  const absolutePath = z.string().refine((path) => isAbsoluteOn(platform, path));
  const url = z.url({ protocol: /^https?$/ });
  const resourceName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/);
  const whole = (min: number, max: number) => z.number().int().min(min).max(max);
  return z.strictObject({
    environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/).optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/).optional(),
    endpoints: z.strictObject({ dynamodb: url.optional(), s3: url.optional(), sqs: url.optional() }).optional(),
    metadataTable: resourceName.optional(),
    zipTraceTable: resourceName.optional(),
    zipBucket: resourceName.optional(),
    auditQueueUrl: url.optional(),
    auditQueueName: resourceName.optional(),
    presignExpirySeconds: whole(60, 604_800).optional(),
    traceTtlDays: whole(1, 3650).optional(),
    allowSandbox: z.boolean().default(true),
    saveFolder: z.strictObject({ path: absolutePath, locked: z.boolean().default(false) }).optional(),
    archiveRetentionDays: whole(1, 36_500).optional(),
    maxParallelTransfers: whole(1, 16).optional(),
    proxyUrl: url.optional(),
    caBundlePath: absolutePath.optional(),
  });
}

function lockedSettings(policy: Policy): PolicySetting[] {
  const locked: PolicySetting[] = [];
  for (const key of Object.keys(policy) as Array<keyof Policy>) {
    if (policy[key] === undefined || key === 'allowSandbox' || (key === 'saveFolder' && policy.saveFolder?.locked !== true)) {
      continue;
    }
    const setting: PolicySetting = key === 'auditQueueUrl' || key === 'auditQueueName' ? 'auditQueue' : key;
    if (!locked.includes(setting)) {
      locked.push(setting);
    }
  }
  return locked;
}

// A Windows path must name its drive or share: "\Records" depends on the current drive.
function isAbsoluteOn(platform: NodeJS.Platform, path: string): boolean {
  return platform === 'win32' ? /^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)/.test(path) : posix.isAbsolute(path);
}

// Windows variables are case-insensitive, but a copied environment object is not.
function programData(env: Environment): string {
  const key = Object.keys(env).find((name) => name.toLowerCase() === 'programdata');
  return (key === undefined ? undefined : env[key]?.trim()) || 'C:\\ProgramData';
}

// Notepad may save a byte order mark; Windows PowerShell's Out-File writes UTF-16.
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function valueAt(json: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = json;
  for (const key of path) {
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function quotedNumberHint(value: unknown): string {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? ': write numbers without quotes' : '';
}

function variable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function policyError(message: string, field?: string): { readonly ok: false; readonly error: PolicyError } {
  return { ok: false, error: { code: 'invalid-policy', message, ...(field === undefined ? {} : { field }) } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
