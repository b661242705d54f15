/** What a valid policy is: the Policy type, the zod schema that checks a policy file, and the field-by-field errors. */
import { basename, posix } from 'node:path';
import { z } from 'zod';
import { TRACE_COPY_MODES, type TraceCopyMode } from '../../common/download.js';
import type { Result } from '../../common/result.js';
import { type PolicyError, policyError } from './policy-error.js';
import type { PolicySaveFolder } from './policy-save-folder.js';
import { SIGN_IN_POLICY_RULES, type SignInPolicy, signInPolicyShape } from './policy-sign-in-schema.js';
import { unknownPolicyFields } from './policy-unknown-fields.js';

/**
 * Machine-wide settings an organisation's IT team fixes for every user of a computer.
 *
 * Read once at start from a file only administrators can write; its values win over environment variables and user
 * settings. Every field is optional: what the policy leaves out falls back to the environment, then to defaults.
 */
export interface Policy extends SignInPolicy {
  readonly environment?: string;
  readonly region?: string;
  readonly endpoints?: { readonly dynamodb?: string; readonly s3?: string; readonly sqs?: string; readonly sts?: string };
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
  readonly noByteTimeoutSeconds?: number;
  readonly traceCopy?: TraceCopyMode;
  readonly maxViewMegabytes?: number;
  readonly proxyUrl?: string;
  readonly caBundlePath?: string;
}

/**
 * Checks parsed JSON against the policy schema; the first problem found is reported by its field, quoting the value.
 *
 * A field this version does not know is ignored with a warning, so a policy written for a newer version still works;
 * but one that looks like a misspelt setting (`"allowSandBox": false`) is an error, because ignoring it would ignore
 * what IT meant.
 */
export function parsePolicy(
  json: unknown,
  platform: NodeJS.Platform,
  path = 'policy.json',
  onWarning: (message: string) => void = () => undefined,
): Result<Policy, PolicyError> {
  const file = basename(path);
  const advice = `Ask your IT team to correct ${path}.`;
  for (const unknown of unknownPolicyFields(json, knownPolicyFields())) {
    if (unknown.suggestion !== undefined) {
      return policyError(`${file}: "${unknown.field}" is not a policy setting; did you mean "${unknown.suggestion}"? ${advice}`, unknown.field);
    }
    onWarning(`${file}: "${unknown.field}" is not a setting this version knows, so it is ignored (see docs/policy.md).`);
  }
  const parsed = policySchema(platform).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) {
      return policyError(`${file} is not valid. ${advice}`);
    }
    const field = issue.path.map(String).join('.');
    const value = valueAt(json, issue.path);
    if (field === '') {
      return policyError(`${file} must hold one JSON object such as {"environment": "prod"} (found ${shown(value)}). ${advice}`);
    }
    return policyError(`${file}: "${field}" ${POLICY_RULES[field] ?? 'is not valid'} (found ${shown(value)}${quotedNumberHint(value)}). ${advice}`, field);
  }
  const policy: Policy = parsed.data;
  if (policy.auditQueueUrl !== undefined && policy.auditQueueName !== undefined) {
    return policyError(`${file}: set "auditQueueUrl" or "auditQueueName", not both. ${advice}`, 'auditQueueUrl');
  }
  return { ok: true, value: policy };
}

/** What each field must be, as the sentence after its name in an error and in docs/policy.md; the schema enforces it. */
export const POLICY_RULES: Readonly<Record<string, string>> = {
  environment: 'must use lower-case letters, digits and hyphens (up to 40 characters), for example "prod"',
  region: 'must be an AWS region such as "eu-west-2"',
  endpoints: 'must be an object with "dynamodb", "s3", "sqs" and "sts" URLs',
  'endpoints.dynamodb': 'must be an https:// URL (http:// only to this computer, in the sandbox)',
  'endpoints.s3': 'must be an https:// URL (http:// only to this computer, in the sandbox)',
  'endpoints.sqs': 'must be an https:// URL (http:// only to this computer, in the sandbox)',
  'endpoints.sts': 'must be an https:// URL (http:// only to this computer, in the sandbox)',
  metadataTable: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  zipTraceTable: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  zipBucket: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  auditQueueName: 'must use letters, digits, ".", "_" or "-" (3 to 255 characters)',
  auditQueueUrl: 'must be an https:// URL (http:// only to this computer, in the sandbox)',
  presignExpirySeconds: 'must be a whole number of seconds between 60 and 604800',
  traceTtlDays: 'must be a whole number of days between 1 and 3650',
  allowSandbox: 'must be true or false',
  saveFolder: 'must be an object such as {"path": "D:\\\\Patient records", "locked": true}',
  'saveFolder.path': 'must be an absolute folder path',
  'saveFolder.locked': 'must be true or false',
  archiveRetentionDays: 'must be a whole number of days between 1 and 36500',
  maxParallelTransfers: 'must be a whole number between 1 and 16',
  noByteTimeoutSeconds: 'must be a whole number of seconds between 5 and 300',
  traceCopy: 'must be "background", "before-save" or "none"',
  maxViewMegabytes: 'must be a whole number of megabytes between 1 and 2048',
  proxyUrl: 'must be an http:// or https:// proxy URL such as "http://proxy.example.nhs.uk:8080"',
  caBundlePath: 'must be the absolute path of a PEM file',
  ...SIGN_IN_POLICY_RULES,
};

/**
 * The policy as a JSON Schema (draft 2020-12) with each setting's description, default and example: what
 * `cli policy --schema` prints and what docs/policy.md and the ADMX/ADML and .mobileconfig templates are made from.
 *
 * Unknown fields are refused here (`additionalProperties: false`) so an editor flags a misspelling as it is typed.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema('linux'), {
    io: 'input',
    override: ({ jsonSchema }) => {
      if (jsonSchema.type === 'object') {
        jsonSchema.additionalProperties = false;
      }
    },
  });
}

/** How each setting is documented; `withoutPolicy` is what applies when a policy leaves it out. */
interface SettingWords {
  readonly description: string;
  readonly withoutPolicy: string;
  /** The first for Windows; a path setting adds one for macOS and Linux. */
  readonly examples: ReadonlyArray<unknown>;
}

function words({ description, withoutPolicy, examples }: SettingWords) {
  return { description, 'x-without-policy': withoutPolicy, examples: [...examples] };
}

function policySchema(platform: NodeJS.Platform) {
  const absolutePath = z.string().max(1024).refine((path) => isAbsoluteOn(platform, path));
  const url = z.url({ protocol: /^https?$/ }).max(2048);
  const resourceName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/);
  const whole = (min: number, max: number) => z.number().int().min(min).max(max);
  const endpoint = (service: string, variable: string) =>
    url.optional().meta(words({ description: `The ${service} endpoint.`, withoutPolicy: variable, examples: [`https://${service.toLowerCase()}.eu-west-2.amazonaws.com`] }));
  return z.object({
    environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/).optional().meta(words({
      description: 'The environment name; it also names the audit queue (<environment>-sensitive-audit).',
      withoutPolicy: 'DOCSTORE_ENV, else "sandbox"',
      examples: ['prod'],
    })),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/).optional().meta(words({
      description: 'The AWS region of every service.',
      withoutPolicy: 'AWS_REGION, else AWS_DEFAULT_REGION, else "eu-west-2"',
      examples: ['eu-west-2'],
    })),
    endpoints: z.object({
      dynamodb: endpoint('DynamoDB', 'AWS_ENDPOINT_URL_DYNAMODB'),
      s3: endpoint('S3', 'AWS_ENDPOINT_URL_S3'),
      sqs: endpoint('SQS', 'AWS_ENDPOINT_URL_SQS'),
      sts: endpoint('STS', 'AWS_ENDPOINT_URL_STS'),
    }).optional().meta(words({
      description:
        'Custom service endpoints (VPC endpoints, a test stack). A policy that has endpoints owns all four: a service it ' +
        'leaves out uses AWS\'s public endpoint, and users cannot add their own. An empty object pins the public endpoints.',
      withoutPolicy: "AWS's public endpoints",
      examples: [{ s3: 'https://s3.eu-west-2.amazonaws.com' }],
    })),
    metadataTable: resourceName.optional().meta(words({
      description: 'The document metadata table.',
      withoutPolicy: 'DOCSTORE_METADATA_TABLE, else "DocumentReferenceMetadata"',
      examples: ['prod_DocumentReferenceMetadata'],
    })),
    zipTraceTable: resourceName.optional().meta(words({
      description: 'The ZIP trace table.',
      withoutPolicy: 'DOCSTORE_ZIP_TRACE_TABLE, else "DocumentZipTrace"',
      examples: ['prod_DocumentZipTrace'],
    })),
    zipBucket: resourceName.optional().meta(words({
      description: 'The bucket for the temporary ZIPs.',
      withoutPolicy: 'DOCSTORE_ZIP_BUCKET; required outside the built-in sandbox',
      examples: ['prod-document-store-zip-requests'],
    })),
    auditQueueUrl: url.optional().meta(words({
      description: 'The audit queue, by URL. Set this or auditQueueName, not both; either one owns the audit queue.',
      withoutPolicy: 'DOCSTORE_AUDIT_QUEUE_URL',
      examples: ['https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit'],
    })),
    auditQueueName: resourceName.optional().meta(words({
      description: 'The audit queue, by name (looked up in the account). Set this or auditQueueUrl, not both.',
      withoutPolicy: 'DOCSTORE_AUDIT_QUEUE_NAME, else "<environment>-sensitive-audit"',
      examples: ['prod-sensitive-audit'],
    })),
    presignExpirySeconds: whole(60, 604_800).optional().meta(words({
      description: 'Lifetime in seconds of the link the app downloads the finished ZIP with.',
      withoutPolicy: 'DOCSTORE_PRESIGN_EXPIRY_SECONDS, else 1800',
      examples: [1800],
    })),
    traceTtlDays: whole(1, 3650).optional().meta(words({
      description: 'How many days the ZIP trace rows are kept (their ExpiryDate).',
      withoutPolicy: 'DOCSTORE_TRACE_TTL_DAYS, else 90',
      examples: [90],
    })),
    allowSandbox: z.boolean().default(true).meta(words({
      description:
        'false: the built-in sandbox never starts. A computer with no environment configured then refuses to start, ' +
        'with a message naming what to set, instead of showing synthetic data.',
      withoutPolicy: 'true',
      examples: [false],
    })),
    saveFolder: z.object({
      path: absolutePath.meta(words({
        description:
          'Where ZIPs are saved: an absolute folder path (Windows: D:\\... or \\\\server\\share\\...). Environment ' +
          'variables such as %USERPROFILE% are not expanded; the folder must exist and be writable by each user.',
        withoutPolicy: 'none: each user chooses',
        examples: ['D:\\Patient records\\Downloads', '/srv/patient-records'],
      })),
      locked: z.boolean().default(false).meta(words({
        description: 'true: users cannot choose another folder. false: the folder is only the starting choice.',
        withoutPolicy: 'false',
        examples: [true],
      })),
    }).optional().meta(words({
      description: 'A save folder for every user.',
      withoutPolicy: 'none',
      examples: [{ path: 'D:\\Patient records\\Downloads', locked: true }],
    })),
    archiveRetentionDays: whole(1, 36_500).optional().meta(words({
      description: "Days after which the app's local archive marks a saved ZIP as due for review; without it nothing is marked.",
      withoutPolicy: 'DOCSTORE_ARCHIVE_RETENTION_DAYS, else none',
      examples: [30],
    })),
    maxParallelTransfers: whole(1, 16).optional().meta(words({
      description: 'Documents fetched at the same time while a ZIP is built; lower it on a slow or metered line.',
      withoutPolicy: 'DOCSTORE_MAX_PARALLEL_TRANSFERS, else 4',
      examples: [4],
    })),
    noByteTimeoutSeconds: whole(5, 300).optional().meta(words({
      description: 'Seconds a transfer may move no byte before the download is treated as stalled and stops, saying so.',
      withoutPolicy: 'DOCSTORE_NO_BYTE_TIMEOUT_SECONDS, else 30',
      examples: [30],
    })),
    traceCopy: z.enum(TRACE_COPY_MODES).optional().meta(words({
      description:
        'The ZIP\'s trace copy in S3. "background": the ZIP is written straight to the folder, and once it is saved and ' +
        'verified a copy uploads in the background (its checksum compared with the file\'s). "before-save": the original ' +
        'order (upload the ZIP, then download it into the folder). "none": no copy in S3; the trace row is still written.',
      withoutPolicy: 'DOCSTORE_TRACE_COPY, else "background"',
      examples: ['background'],
    })),
    maxViewMegabytes: whole(1, 2_048).optional().meta(words({
      description: 'Documents larger than this many megabytes are not shown inside the app; the person opens the ZIP with another program or saves a copy.',
      withoutPolicy: 'DOCSTORE_MAX_VIEW_MB, else 50',
      examples: [50],
    })),
    proxyUrl: url.optional().meta(words({
      description: "The proxy for the app's HTTPS connections to AWS (HTTP CONNECT).",
      withoutPolicy: 'DOCSTORE_PROXY_URL, else none (direct)',
      examples: ['http://proxy.example.nhs.uk:8080'],
    })),
    caBundlePath: absolutePath.optional().meta(words({
      description: 'A PEM file of extra trusted root certificates, for a TLS-inspecting proxy.',
      withoutPolicy: 'DOCSTORE_CA_BUNDLE, else none',
      examples: ['C:\\ProgramData\\Document Store Desktop\\corporate-roots.pem', '/etc/ssl/certs/corporate-roots.pem'],
    })),
    ...signInPolicyShape(words),
  });
}

/** Each object's known field names by the object's path ('' for the policy itself). */
export function knownPolicyFields(): ReadonlyMap<string, ReadonlyArray<string>> {
  const shape = policySchema('linux').shape;
  return new Map([
    ['', Object.keys(shape)],
    ['endpoints', Object.keys(shape.endpoints.unwrap().shape)],
    ['saveFolder', Object.keys(shape.saveFolder.unwrap().shape)],
  ]);
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
