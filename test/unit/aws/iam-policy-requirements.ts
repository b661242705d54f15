import type { RoleCode } from '../../../common/identity.js';

/**
 * Every AWS SDK command main/ sends (outside the sandbox), the IAM action(s) it needs and on what, and which part of
 * the journey sends it: `search` (patient look-up and search, and their audit: every role) or `download` (building,
 * saving and cleaning up a ZIP, and its audit: the roles that may download). Resources are written with the same
 * placeholders as docs/aws/*.json; a key is an example of the keys the code uses.
 *
 * test/unit/aws/iam-policies.test.ts checks that this table names every command in the code, that each role's
 * policy allows what its journey needs, and that it allows nothing else.
 */
export interface Permission {
  readonly action: string;
  readonly resource: string;
  /** The `s3:prefix` of a listing, for a policy that limits listings to the ZIP prefix. */
  readonly prefix?: string;
}

export interface CommandNeed {
  readonly journey: 'search' | 'download';
  readonly permissions: ReadonlyArray<Permission>;
  /** Where the code sends it, for the reader. */
  readonly sentBy: string;
}

const METADATA_INDEX = 'arn:aws:dynamodb:<region>:<account-id>:table/DocumentReferenceMetadata/index/NhsNumberIndex';
const ZIP_TRACE_TABLE = 'arn:aws:dynamodb:<region>:<account-id>:table/DocumentZipTrace';
const AUDIT_QUEUE = 'arn:aws:sqs:<region>:<account-id>:<env>-sensitive-audit';
const DOCUMENT = 'arn:aws:s3:::<document-bucket>/9990000018/7c1d0a4e-document.pdf';
const ZIP_BUCKET = 'arn:aws:s3:::<zip-bucket>';
const ZIP = 'arn:aws:s3:::<zip-bucket>/tmp/0b5e3c9a-2f41-4d6e-9a57-5c1e0f3d2b71.zip';
const ZIP_KEY = 'tmp/0b5e3c9a-2f41-4d6e-9a57-5c1e0f3d2b71.zip';

export const COMMAND_NEEDS: Readonly<Record<string, CommandNeed>> = {
  QueryCommand: { journey: 'search', permissions: [{ action: 'dynamodb:Query', resource: METADATA_INDEX }], sentBy: 'main/search/query-documents.ts' },
  SendMessageCommand: { journey: 'search', permissions: [{ action: 'sqs:SendMessage', resource: AUDIT_QUEUE }], sentBy: 'main/audit/audit-sender.ts (outbox)' },
  GetQueueUrlCommand: { journey: 'search', permissions: [{ action: 'sqs:GetQueueUrl', resource: AUDIT_QUEUE }], sentBy: 'main/audit/audit-sender.ts' },
  // Sent unsigned with the ID token: the role's trust policy (docs/aws/trust-policy.json) decides, not these policies.
  AssumeRoleWithWebIdentityCommand: { journey: 'search', permissions: [], sentBy: 'main/identity/aws-credentials.ts' },
  // Every principal may ask who it is: sts:GetCallerIdentity needs no permission.
  GetCallerIdentityCommand: { journey: 'search', permissions: [], sentBy: 'main/aws/principal.ts' },
  SendMessageBatchCommand: { journey: 'download', permissions: [{ action: 'sqs:SendMessage', resource: AUDIT_QUEUE }], sentBy: 'main/audit/audit-batch.ts' },
  GetQueueAttributesCommand: { journey: 'download', permissions: [{ action: 'sqs:GetQueueAttributes', resource: AUDIT_QUEUE }], sentBy: 'main/audit/audit-sender.ts' },
  GetObjectCommand: {
    journey: 'download',
    // The documents; and the ZIP through the presigned URL the save reads (signed with the role's credentials).
    permissions: [{ action: 's3:GetObject', resource: DOCUMENT }, { action: 's3:GetObject', resource: ZIP }],
    sentBy: 'main/download/fetch-documents.ts, main/download/presign.ts',
  },
  PutObjectCommand: { journey: 'download', permissions: [{ action: 's3:PutObject', resource: ZIP }], sentBy: 'main/download/upload-zip.ts' },
  CreateMultipartUploadCommand: { journey: 'download', permissions: [{ action: 's3:PutObject', resource: ZIP }], sentBy: 'main/download/upload-zip.ts' },
  UploadPartCommand: { journey: 'download', permissions: [{ action: 's3:PutObject', resource: ZIP }], sentBy: 'main/download/upload-zip.ts' },
  CompleteMultipartUploadCommand: { journey: 'download', permissions: [{ action: 's3:PutObject', resource: ZIP }], sentBy: 'main/download/upload-zip.ts' },
  AbortMultipartUploadCommand: {
    journey: 'download',
    permissions: [{ action: 's3:AbortMultipartUpload', resource: ZIP }],
    sentBy: 'main/download/upload-zip.ts, main/jobs/sweep-interrupted-jobs.ts',
  },
  // With a VersionId (every version of the ZIP): s3:DeleteObjectVersion; without one: s3:DeleteObject.
  DeleteObjectCommand: {
    journey: 'download',
    permissions: [{ action: 's3:DeleteObject', resource: ZIP }, { action: 's3:DeleteObjectVersion', resource: ZIP }],
    sentBy: 'main/download/zip-cleanup.ts',
  },
  ListObjectVersionsCommand: {
    journey: 'download',
    permissions: [{ action: 's3:ListBucketVersions', resource: ZIP_BUCKET, prefix: ZIP_KEY }],
    sentBy: 'main/download/zip-cleanup.ts',
  },
  // Resuming the background trace copy after a quit reuses the parts S3 already holds.
  ListPartsCommand: {
    journey: 'download',
    permissions: [{ action: 's3:ListMultipartUploadParts', resource: ZIP }],
    sentBy: 'main/download/trace-copy/upload-file.ts',
  },
  ListMultipartUploadsCommand: {
    journey: 'download',
    permissions: [{ action: 's3:ListBucketMultipartUploads', resource: ZIP_BUCKET }],
    sentBy: 'main/download/zip-cleanup.ts',
  },
  PutCommand: { journey: 'download', permissions: [{ action: 'dynamodb:PutItem', resource: ZIP_TRACE_TABLE }], sentBy: 'main/download/zip-trace.ts' },
  UpdateCommand: { journey: 'download', permissions: [{ action: 'dynamodb:UpdateItem', resource: ZIP_TRACE_TABLE }], sentBy: 'main/download/zip-trace.ts' },
  GetCommand: { journey: 'download', permissions: [{ action: 'dynamodb:GetItem', resource: ZIP_TRACE_TABLE }], sentBy: 'main/download/zip-trace.ts' },
};

/** The journeys each role takes, and its policy file in docs/aws/. */
export const ROLE_POLICIES: Readonly<Record<RoleCode, { readonly file: string; readonly journeys: ReadonlyArray<CommandNeed['journey']> }>> = {
  GP_ADMIN: { file: 'gp-admin-policy.json', journeys: ['search', 'download'] },
  GP_CLINICAL: { file: 'gp-clinical-policy.json', journeys: ['search'] },
  PCSE: { file: 'pcse-policy.json', journeys: ['search', 'download'] },
};
