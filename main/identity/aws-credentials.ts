/**
 * AWS credentials from the sign-in: the signed-in person's ID token exchanged with STS AssumeRoleWithWebIdentity for
 * temporary credentials of the IAM role their app role maps to, given to the SDK clients as their credential
 * provider (main/aws/clients.ts). Held in main only, never logged.
 *
 * The credentials are kept until `refreshMarginMs` before they expire, callers at the same moment share one STS call,
 * and a change of person, role or session (or `forget()` at sign-out) drops them. Source identity and session tags
 * (role, ODS code) are not request parameters of AssumeRoleWithWebIdentity: STS takes them from the token's
 * `https://aws.amazon.com/source_identity` and `https://aws.amazon.com/tags` claims, which the provider adds.
 */
import { AssumeRoleWithWebIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { SignedInPerson } from '../../common/identity.js';
import { type ClientOptions, createStsClient } from '../aws/clients.js';
import type { AwsSignInConfig } from '../config/identity-config.js';
import { AwsSignInError, signInFailure } from './aws-credential-errors.js';
import { SessionEndedError } from './session-ended.js';

export { AwsSignInError } from './aws-credential-errors.js';
export { SessionEndedError } from './session-ended.js';

/** Who is acting and their ID token: the session (main/identity/session.ts) is one. */
export interface WebIdentitySource {
  /** The acting person, or undefined when nobody is signed in. */
  person(): SignedInPerson | undefined;
  /**
   * A valid ID token for that person (the session refreshes it; when the session has ended it waits for the person
   * to sign in again, and rejects with a SessionEndedError if they don't).
   */
  idToken(): Promise<string>;
}

export interface WebIdentityCredentialsOptions {
  /** An STS client for the configured endpoint (`stsClientFor`). */
  readonly sts: STSClient;
  readonly config: AwsSignInConfig;
  readonly source: WebIdentitySource;
  readonly now?: () => number;
  /** Fresh credentials are fetched this long before the current ones expire; 5 minutes unless given. */
  readonly refreshMarginMs?: number;
}

/** The SDK clients' credential provider, and `forget()` for sign-out. */
export type WebIdentityCredentials = AwsCredentialIdentityProvider & {
  /** Drops the credentials held and any call in flight; the next request assumes the role again. */
  forget(): void;
};

/** Credentials as STS gave them: always temporary, always with an end. */
type TemporaryIdentity = AwsCredentialIdentity & { readonly sessionToken: string; readonly expiration: Date };

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
const SESSION_NAME_CHARACTER = /[^\w+=,.@-]/gu;

/** An STS client for the sign-in: at `config.stsEndpoint` when set, with the app's handler, timeouts and retries. */
export function stsClientFor(config: AwsSignInConfig, region: string, options: Omit<ClientOptions, 'credentials'> = {}): STSClient {
  return createStsClient(region, config.stsEndpoint, options);
}

/** Builds the credential provider for the person `source` names. */
export function webIdentityCredentials(options: WebIdentityCredentialsOptions): WebIdentityCredentials {
  const { sts, config, source } = options;
  const now = options.now ?? Date.now;
  const refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let held: { readonly key: string; readonly credentials: TemporaryIdentity } | undefined;
  let inFlight: { readonly key: string; readonly credentials: Promise<TemporaryIdentity> } | undefined;
  // Bumped by forget(): a call that was in flight then must not put its credentials back.
  let generation = 0;

  async function assume(person: SignedInPerson): Promise<TemporaryIdentity> {
    const roleArn = config.roleArns[person.role.roleCode];
    if (roleArn === '') {
      throw new AwsSignInError('sign-in-not-configured', `No AWS role is set up for ${person.role.roleName}. Contact your IT service desk.`);
    }
    const token = await source.idToken();
    let output;
    try {
      output = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionNameFor(person.id),
          WebIdentityToken: token,
          DurationSeconds: config.sessionSeconds,
        }),
      );
    } catch (error) {
      throw signInFailure(error, person.role.roleCode, config.stsEndpoint);
    }
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = output.Credentials ?? {};
    if (AccessKeyId === undefined || SecretAccessKey === undefined || SessionToken === undefined || Expiration === undefined) {
      throw new AwsSignInError('unexpected', 'AWS answered the sign-in without credentials. Try again; if it keeps happening, contact your IT service desk.');
    }
    return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken, expiration: Expiration };
  }

  function start(person: SignedInPerson, key: string): Promise<TemporaryIdentity> {
    const startedIn = generation;
    const credentials = assume(person);
    inFlight = { key, credentials };
    const settle = (): void => {
      if (inFlight?.credentials === credentials) {
        inFlight = undefined;
      }
    };
    credentials.then((fresh) => {
      settle();
      const current = source.person();
      if (generation === startedIn && current !== undefined && keyOf(current) === key) {
        held = { key, credentials: fresh };
      }
    }, settle);
    return credentials;
  }

  const provider = async (): Promise<TemporaryIdentity> => {
    const person = source.person();
    if (person === undefined) {
      held = undefined;
      throw new SessionEndedError('not-signed-in', 'Sign in to continue.');
    }
    const key = keyOf(person);
    if (held !== undefined && held.key !== key) {
      held = undefined;
    }
    if (held !== undefined && held.credentials.expiration.getTime() - refreshMarginMs > now()) {
      return held.credentials;
    }
    return inFlight?.key === key ? inFlight.credentials : start(person, key);
  };

  // `memoized` tells the SDK clients this provider keeps its own credentials: without it each client would wrap it in
  // a memo of its own that keeps serving the last credentials (until 5 minutes before they expire), past a sign-out
  // or a change of person or role.
  return Object.assign(provider, {
    memoized: true,
    forget(): void {
      generation += 1;
      held = undefined;
      inFlight = undefined;
    },
  });
}

/** The person's id as an STS RoleSessionName: 2–64 characters of [\w+=,.@-]. */
export function sessionNameFor(personId: string): string {
  const name = personId.replace(SESSION_NAME_CHARACTER, '_').slice(0, 64);
  return name.length >= 2 ? name : `user-${name}`;
}

// Credentials belong to one person in one role in one sign-in.
function keyOf(person: SignedInPerson): string {
  return JSON.stringify([person.id, person.role.personRoleId, person.role.roleCode, person.role.odsCode, person.sessionId]);
}
