/**
 * What sign-in, AWS credentials and the patient look-up need to know, read with the rest of the configuration
 * (main/config/config.ts) from the variables and the machine policy.
 */
import type { RoleCode } from '../../common/identity.js';

/** The OpenID provider the person signs in with: in NHS deployments the organisation's broker federated with CIS2. */
export interface SignInConfig {
  /** The issuer URL exactly as its discovery document gives it. */
  readonly issuer: string;
  /** This app's client id at the provider: a public client, PKCE, loopback redirect (RFC 8252). */
  readonly clientId: string;
  readonly scopes: ReadonlyArray<string>;
  /** `acr_values` to ask for (for example the CIS2 authentication assurance level); absent to ask for none. */
  readonly acrValues?: string;
  /** No use of the window for this long signs the person out. */
  readonly idleTimeoutMs: number;
}

/** How a signed-in person becomes AWS credentials: STS AssumeRoleWithWebIdentity with the ID token. */
export interface AwsSignInConfig {
  /** The IAM role assumed for each app role; least privilege per role (docs/aws/). */
  readonly roleArns: Readonly<Record<RoleCode, string>>;
  /** How long each set of temporary credentials lasts (900 to 43,200 seconds). */
  readonly sessionSeconds: number;
  /** STS's endpoint when not AWS's regional one (the sandbox's stand-in). */
  readonly stsEndpoint?: string;
}

/** The Personal Demographics Service (FHIR R4) and how its user-restricted token is obtained. */
export interface PdsConfig {
  /** For example https://api.service.nhs.uk/personal-demographics/FHIR/R4 (no trailing slash). */
  readonly baseUrl: string;
  /** RFC 8693 token exchange endpoint: the ID token is exchanged for a PDS access token. */
  readonly tokenExchangeUrl: string;
}

export interface IdentityConfig {
  readonly signIn: SignInConfig;
  /** DOCSTORE_SANDBOX_USER: sign in as this synthetic person without a browser (the sandbox environment only). */
  readonly sandboxUser?: string;
  readonly aws: AwsSignInConfig;
  readonly pds: PdsConfig;
}
