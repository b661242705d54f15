/**
 * The temporary credentials the sandbox's STS stand-in issued (./sts-stand-in.ts): the only keys besides the sandbox's
 * fixed one that its S3 accepts (main/sandbox/s3/sigv4.ts), and whose principal the stand-in's GetCallerIdentity names.
 *
 * In memory only: a restarted sandbox forgets them, as the app's credentials are refreshed from the sign-in anyway.
 */
import type { TemporaryCredentials } from '../s3/sigv4.js';

/** One set of temporary credentials and the session they belong to. */
export interface IssuedCredentials extends TemporaryCredentials {
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
  readonly assumedRoleArn: string;
  /** `<role id>:<session name>`, GetCallerIdentity's UserId. */
  readonly assumedRoleId: string;
  readonly account: string;
  /** The token's `https://aws.amazon.com/source_identity` claim, when it had one. */
  readonly sourceIdentity?: string;
  /** The token's `https://aws.amazon.com/tags` principal tags (each value the first of its list). */
  readonly sessionTags: Readonly<Record<string, string>>;
}

// Long-expired credentials are still answered as expired (S3's ExpiredToken) for a day, then forgotten.
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** The credentials issued so far, found by access key id. */
export class IssuedCredentialRegistry {
  private readonly byAccessKey = new Map<string, IssuedCredentials>();

  /** Records newly issued credentials and forgets those expired for more than a day at `now`. */
  add(credentials: IssuedCredentials, now: number): void {
    for (const [accessKeyId, issued] of this.byAccessKey) {
      if (issued.expiration.getTime() + KEEP_AFTER_EXPIRY_MS < now) {
        this.byAccessKey.delete(accessKeyId);
      }
    }
    this.byAccessKey.set(credentials.accessKeyId, credentials);
  }

  /** The credentials issued under `accessKeyId`, expired or not; a `TemporaryCredentialLookup` for the S3 server. */
  readonly find = (accessKeyId: string): IssuedCredentials | undefined => this.byAccessKey.get(accessKeyId);
}
