/**
 * The sandbox's STS stand-in: an in-process HTTP server on 127.0.0.1 answering the two STS actions the app sends, in
 * the Query protocol @aws-sdk/client-sts uses (./sts-wire.ts).
 *
 * - AssumeRoleWithWebIdentity (unsigned, as STS takes it): the ID token verified against the sandbox OpenID
 *   provider's JWKS, temporary credentials issued into the registry the sandbox's S3 reads
 *   (./assume-role-with-web-identity.ts).
 * - GetCallerIdentity (signed with those credentials): the assumed-role ARN, for the app's principal lookup.
 *
 * Other actions are refused with InvalidAction, as STS refuses an action it does not know.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { S3Error } from '../s3/s3-error.js';
import { verifySignature } from '../s3/sigv4.js';
import { closeServer, listenOnLoopback, urlOf } from '../loopback-server.js';
import { type AssumeRoleSettings, assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import type { IssuedCredentialRegistry, IssuedCredentials } from './issued-credentials.js';
import { STS_VERSION, StsError, readParameters, sendError, sendResult } from './sts-wire.js';
import { type WebIdentityClaims, remoteKeys } from './web-identity-token.js';

export interface StsStandInOptions {
  /** The OpenID provider's issuer, exactly as its tokens carry it. */
  readonly issuer: string;
  /** The app's client id at that provider: the audience every token must name. */
  readonly clientId: string;
  /** The provider's jwks_uri, where the token's signing keys are fetched. */
  readonly jwksUri: string;
  /** Where issued credentials are recorded; give the same registry's `find` to the sandbox's S3. */
  readonly registry: IssuedCredentialRegistry;
  /**
   * Issued credentials last at most this long, so tests can see them expire; the requested DurationSeconds
   * (900–43,200, checked as STS checks it) otherwise.
   */
  readonly credentialSeconds?: number;
  /**
   * The roles' trust policies: whether a role lets the token's person assume it (for example, only when the token's
   * RoleCode session tag names the role's app role, as docs/aws/trust-policy.json asks). AccessDenied otherwise;
   * every role trusts every valid token when absent.
   */
  readonly trusts?: (roleArn: string, claims: WebIdentityClaims) => boolean;
  /** The clock tokens and credentials are checked against (epoch milliseconds). */
  readonly now?: () => number;
}

export interface RunningStsStandIn {
  /** The http:// URL to give the STS client as its endpoint (`AwsSignInConfig.stsEndpoint`). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts the STS stand-in on a free loopback port. */
export async function startStsStandIn(options: StsStandInOptions): Promise<RunningStsStandIn> {
  const now = options.now ?? Date.now;
  const settings: AssumeRoleSettings = {
    token: { issuer: options.issuer, clientId: options.clientId, keys: remoteKeys(options.jwksUri) },
    registry: options.registry,
    now,
    ...(options.credentialSeconds === undefined ? {} : { credentialSeconds: options.credentialSeconds }),
    ...(options.trusts === undefined ? {} : { trusts: options.trusts }),
  };
  const server = http.createServer((request, response) => void handleRequest(settings, request, response));
  await listenOnLoopback(server);
  return { endpoint: urlOf(server), stop: () => closeServer(server) };
}

async function handleRequest(settings: AssumeRoleSettings, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const { parameters, body } = await readParameters(request);
    const action = parameters.get('Action') ?? '';
    const version = parameters.get('Version');
    if (version !== STS_VERSION) {
      throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
    }
    if (action === 'AssumeRoleWithWebIdentity') {
      sendResult(response, action, await assumeRoleWithWebIdentity(parameters, settings));
    } else if (action === 'GetCallerIdentity') {
      const caller = signedCaller(request, body, settings);
      sendResult(response, action, [['Arn', caller.assumedRoleArn], ['UserId', caller.assumedRoleId], ['Account', caller.account]]);
    } else {
      throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${STS_VERSION}`);
    }
  } catch (error) {
    request.resume();
    sendError(response, error instanceof StsError ? error : new StsError(500, 'InternalFailure', String(error), 'Receiver'));
  }
}

/** The issued credentials a signed request was made with, checked as STS checks a signature. */
function signedCaller(request: IncomingMessage, body: Buffer, settings: AssumeRoleSettings): IssuedCredentials {
  const url = request.url ?? '/';
  const questionMark = url.indexOf('?');
  // S3's verifier wants the payload hash in a header, as S3 clients send it; other services hash the body themselves.
  const headers = { ...request.headers, 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') };
  const signed = {
    method: request.method ?? 'POST',
    rawPath: questionMark < 0 ? url : url.slice(0, questionMark),
    rawQuery: questionMark < 0 ? '' : url.slice(questionMark + 1),
    headers,
  };
  try {
    verifySignature(signed, { temporary: settings.registry.find }, new Date(settings.now()));
  } catch (error) {
    throw error instanceof S3Error ? asStsError(error) : error;
  }
  const accessKeyId = /Credential=([^/]+)\//u.exec(String(request.headers.authorization))?.[1] ?? '';
  const caller = settings.registry.find(accessKeyId);
  if (caller === undefined) {
    throw invalidClientToken();
  }
  return caller;
}

// The same refusals in STS's words: it calls an unknown key or token an invalid client token.
function asStsError(error: S3Error): StsError {
  switch (error.code) {
    case 'ExpiredToken':
      return new StsError(400, 'ExpiredToken', 'The security token included in the request is expired');
    case 'InvalidAccessKeyId':
    case 'InvalidToken':
      return invalidClientToken();
    case 'SignatureDoesNotMatch':
      return new StsError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    case 'AccessDenied':
      return new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    default:
      return new StsError(400, 'IncompleteSignature', error.message);
  }
}

function invalidClientToken(): StsError {
  return new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
}
