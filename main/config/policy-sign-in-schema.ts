/**
 * The policy's sign-in settings: the OpenID provider, the IAM role for each app role, the session time-out and PDS.
 * Flat fields, one variable each (main/config/policy-variables.ts), so Windows and macOS templates map them one to one.
 */
import { z } from 'zod';

interface SettingWords {
  readonly description: string;
  readonly withoutPolicy: string;
  readonly examples: ReadonlyArray<unknown>;
}

export interface SignInPolicy {
  readonly signInIssuer?: string;
  readonly signInClientId?: string;
  readonly signInScopes?: string;
  readonly signInAcrValues?: string;
  readonly idleTimeoutMinutes?: number;
  readonly roleArnGpAdmin?: string;
  readonly roleArnGpClinical?: string;
  readonly roleArnPcse?: string;
  readonly awsSessionSeconds?: number;
  readonly pdsBaseUrl?: string;
  readonly pdsTokenExchangeUrl?: string;
  readonly archiveRequiresSignIn?: boolean;
}

/** Which variable each sign-in field stands for. */
export const SIGN_IN_POLICY_VARIABLES = {
  signInIssuer: 'DOCSTORE_OIDC_ISSUER',
  signInClientId: 'DOCSTORE_OIDC_CLIENT_ID',
  signInScopes: 'DOCSTORE_OIDC_SCOPES',
  signInAcrValues: 'DOCSTORE_OIDC_ACR_VALUES',
  idleTimeoutMinutes: 'DOCSTORE_IDLE_TIMEOUT_MINUTES',
  roleArnGpAdmin: 'DOCSTORE_ROLE_ARN_GP_ADMIN',
  roleArnGpClinical: 'DOCSTORE_ROLE_ARN_GP_CLINICAL',
  roleArnPcse: 'DOCSTORE_ROLE_ARN_PCSE',
  awsSessionSeconds: 'DOCSTORE_AWS_SESSION_SECONDS',
  pdsBaseUrl: 'DOCSTORE_PDS_BASE_URL',
  pdsTokenExchangeUrl: 'DOCSTORE_PDS_TOKEN_URL',
  archiveRequiresSignIn: 'DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN',
} as const satisfies Record<keyof SignInPolicy, string>;

const ROLE_ARN = 'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/DocumentStoreGpAdmin"';
const HTTPS = 'must be an https:// URL (http:// only to this computer, in the sandbox)';

export const SIGN_IN_POLICY_RULES: Readonly<Record<keyof SignInPolicy, string>> = {
  signInIssuer: HTTPS,
  signInClientId: 'must be the client id registered for this app (printable characters, no spaces)',
  signInScopes: 'must be scopes separated by single spaces, including "openid"',
  signInAcrValues: 'must be values separated by single spaces',
  idleTimeoutMinutes: 'must be a whole number of minutes between 1 and 720',
  roleArnGpAdmin: ROLE_ARN,
  roleArnGpClinical: ROLE_ARN,
  roleArnPcse: ROLE_ARN,
  awsSessionSeconds: 'must be a whole number of seconds between 900 and 43200',
  pdsBaseUrl: HTTPS,
  pdsTokenExchangeUrl: HTTPS,
  archiveRequiresSignIn: 'must be true or false',
};

export function signInPolicyShape(words: (words: SettingWords) => Record<string, unknown>) {
  const url = z.url({ protocol: /^https?$/ }).max(2048);
  const spaced = z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/).max(1024);
  const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/);
  const whole = (min: number, max: number) => z.number().int().min(min).max(max);
  const arn = (role: string, example: string, variable: string) =>
    roleArn.optional().meta(words({
      description: `The IAM role assumed for people acting as ${role} (least privilege: see docs/aws/).`,
      withoutPolicy: `${variable}; required with signInIssuer`,
      examples: [`arn:aws:iam::123456789012:role/${example}`],
    }));
  return {
    signInIssuer: url.optional().meta(words({
      description: "The OpenID Connect issuer people sign in with: the organisation's broker federated with NHS Care Identity (CIS2). Sign-in is configured when this is set.",
      withoutPolicy: 'DOCSTORE_OIDC_ISSUER, else none: nobody can sign in',
      examples: ['https://auth.example.nhs.uk/oauth2/realms/cis2'],
    })),
    signInClientId: z.string().regex(/^[\x21-\x7e]{1,255}$/).optional().meta(words({
      description: "This app's client id at the issuer: a public client with PKCE and a loopback redirect (http://127.0.0.1/callback, any port).",
      withoutPolicy: 'DOCSTORE_OIDC_CLIENT_ID; required with signInIssuer',
      examples: ['document-store-desktop'],
    })),
    signInScopes: spaced.optional().meta(words({
      description: 'The scopes asked for at sign-in.',
      withoutPolicy: 'DOCSTORE_OIDC_SCOPES, else "openid profile nationalrbacaccess selectedrole"',
      examples: ['openid profile nationalrbacaccess selectedrole'],
    })),
    signInAcrValues: spaced.optional().meta(words({
      description: 'The authentication assurance asked for (acr_values), for example a smartcard level.',
      withoutPolicy: 'DOCSTORE_OIDC_ACR_VALUES, else none',
      examples: ['AAL3_ANY'],
    })),
    idleTimeoutMinutes: whole(1, 720).optional().meta(words({
      description: 'Minutes without use of the app after which the person is signed out (a running download keeps the session open).',
      withoutPolicy: 'DOCSTORE_IDLE_TIMEOUT_MINUTES, else 30',
      examples: [30],
    })),
    roleArnGpAdmin: arn('GP practice administrators (GP_ADMIN)', 'DocumentStoreGpAdmin', 'DOCSTORE_ROLE_ARN_GP_ADMIN'),
    roleArnGpClinical: arn('GP practice clinicians (GP_CLINICAL)', 'DocumentStoreGpClinical', 'DOCSTORE_ROLE_ARN_GP_CLINICAL'),
    roleArnPcse: arn('Primary Care Support England (PCSE)', 'DocumentStorePcse', 'DOCSTORE_ROLE_ARN_PCSE'),
    awsSessionSeconds: whole(900, 43_200).optional().meta(words({
      description: 'How long each set of temporary AWS credentials lasts; the app renews them before they end.',
      withoutPolicy: 'DOCSTORE_AWS_SESSION_SECONDS, else 3600',
      examples: [3600],
    })),
    pdsBaseUrl: url.optional().meta(words({
      description: 'The Personal Demographics Service FHIR R4 base URL, for confirming the patient.',
      withoutPolicy: 'DOCSTORE_PDS_BASE_URL; required with signInIssuer',
      examples: ['https://api.service.nhs.uk/personal-demographics/FHIR/R4'],
    })),
    archiveRequiresSignIn: z.boolean().optional().meta(words({
      description:
        'true: saved records in the local archive can be reviewed only by someone signed in. false: they are the OS ' +
        "user's files and open offline without signing in.",
      withoutPolicy: 'DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN, else false',
      examples: [true],
    })),
    pdsTokenExchangeUrl: url.optional().meta(words({
      description: "The token endpoint where the person's ID token is exchanged (RFC 8693) for a PDS access token.",
      withoutPolicy: 'DOCSTORE_PDS_TOKEN_URL; required with signInIssuer',
      examples: ['https://api.service.nhs.uk/oauth2/token'],
    })),
  };
}
