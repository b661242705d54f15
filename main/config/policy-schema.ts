/** What a valid policy is: the Policy type, the zod schema that checks a policy file, and the field-by-field errors. */
import { basename, posix } from 'node:path';
import { z } from 'zod';
import type { Result } from '../../common/result.js';
import { type PolicyError, policyError } from './policy-error.js';
import type { PolicySaveFolder } from './policy-save-folder.js';

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

// A Windows path must name its drive or share: "\Records" depends on the current drive.
function isAbsoluteOn(platform: NodeJS.Platform, path: string): boolean {
  return platform === 'win32' ? /^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)/.test(path) : posix.isAbsolute(path);
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
