/**
 * Why STS gave no credentials for the signed-in person, in plain words: an ended sign-in (the person signs in again),
 * a role AWS refuses, settings that are wrong, or the usual network and service failures (main/aws/errors.ts).
 *
 * The STS error itself is not kept as the cause: it would carry the SDK's response into logs, and its network code
 * would make the S3, DynamoDB and SQS clients retry a sign-in the STS client has already retried.
 */
import { ROLE_NAMES, type RoleCode } from '../../common/identity.js';
import type { AwsErrorCode, IdentityErrorCode } from '../../common/error-codes.js';
import { describeAwsError } from '../aws/errors.js';
import { CodedError } from '../errors.js';
import { SessionEndedError } from './session-ended.js';

/** STS refused or could not give credentials for a reason other than an ended sign-in. */
export class AwsSignInError extends CodedError<AwsErrorCode | IdentityErrorCode> {
  constructor(
    code: AwsErrorCode | IdentityErrorCode,
    message: string,
    /** STS's own error name, for diagnostics. */
    readonly stsError?: string,
  ) {
    super(code, message);
  }
}

const SESSION_EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken']);
const TOKEN_REFUSED = new Set(['InvalidIdentityTokenException', 'InvalidIdentityToken']);
const ROLE_REFUSED = new Set(['AccessDenied', 'AccessDeniedException', 'IDPRejectedClaimException', 'IDPRejectedClaim']);
const MISCONFIGURED = new Set(['ValidationError', 'MalformedPolicyDocumentException', 'PackedPolicyTooLargeException', 'RegionDisabledException']);
const PROVIDER_UNREACHABLE = new Set(['IDPCommunicationErrorException', 'IDPCommunicationError']);

/** The typed error an AssumeRoleWithWebIdentity failure becomes. */
export function signInFailure(error: unknown, roleCode: RoleCode, endpoint: string | undefined): SessionEndedError | AwsSignInError {
  const name = error instanceof Error ? error.name : '';
  if (SESSION_EXPIRED.has(name)) {
    return new SessionEndedError('session-expired', 'Your sign-in has expired. Sign in again to continue.');
  }
  if (TOKEN_REFUSED.has(name)) {
    return new SessionEndedError(
      'session-expired',
      'AWS did not accept your sign-in. Sign in again to continue; if this keeps happening, contact your IT service desk.',
    );
  }
  if (ROLE_REFUSED.has(name)) {
    return new AwsSignInError(
      'access-denied',
      `Your role (${ROLE_NAMES[roleCode]}) has no access to the document store in AWS. Ask your administrator to check the role's AWS permissions.`,
      name,
    );
  }
  if (MISCONFIGURED.has(name)) {
    return new AwsSignInError(
      'sign-in-not-configured',
      "This app's AWS sign-in settings are not valid, so no documents can be reached. Contact your IT service desk.",
      name,
    );
  }
  if (PROVIDER_UNREACHABLE.has(name)) {
    return new AwsSignInError('unreachable', 'AWS could not reach the sign-in service to check your sign-in. Wait a few minutes, then try again.', name);
  }
  const described = describeAwsError(error, { service: 'STS', resource: 'sign-in', ...(endpoint === undefined ? {} : { endpoint }) });
  return new AwsSignInError(described.code, described.message, name === '' ? undefined : name);
}
