/**
 * Reads the sign-in, AWS role and PDS settings from the variables (the policy's values already written over them).
 *
 * Sign-in is configured when DOCSTORE_OIDC_ISSUER is set; every other setting it needs is then required, so a
 * half-configured deployment says what is missing at start rather than failing at the first search.
 */
import { z } from 'zod';
import { ROLE_CODES, type RoleCode } from '../../common/identity.js';
import type { IdentityConfig } from './identity-config.js';
import { ConfigProblem, type Environment, parseOptional, parseVariable, readVariable, SANDBOX, serviceUrl, wholeBetween } from './variables.js';

/** The variable naming each role's IAM role ARN. */
export const ROLE_ARN_VARIABLES: Readonly<Record<RoleCode, string>> = {
  GP_ADMIN: 'DOCSTORE_ROLE_ARN_GP_ADMIN',
  GP_CLINICAL: 'DOCSTORE_ROLE_ARN_GP_CLINICAL',
  PCSE: 'DOCSTORE_ROLE_ARN_PCSE',
};

/** CIS2's scopes for a person's name, national RBAC roles and the role chosen at sign-in. */
export const DEFAULT_SCOPES = 'openid profile nationalrbacaccess selectedrole';

const clientId = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'use the client id your identity team registered (printable characters, no spaces)');
const scopes = z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'use scopes separated by single spaces').refine(
  (value) => value.split(' ').includes('openid'),
  'include "openid"',
);
const acrValues = z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'use values separated by single spaces');
const sandboxPersonId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'use the id of a sandbox person (see `npm run -s cli -- sandbox-users`)');
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'use an IAM role ARN such as arn:aws:iam::123456789012:role/DocumentStoreGpAdmin');

export function readIdentityConfig(env: Environment, environment: string): IdentityConfig | undefined {
  if (readVariable(env, 'DOCSTORE_OIDC_ISSUER') === undefined) {
    return undefined;
  }
  const url = serviceUrl(environment);
  const acr = parseOptional(env, 'DOCSTORE_OIDC_ACR_VALUES', acrValues);
  const stsEndpoint = parseOptional(env, 'AWS_ENDPOINT_URL_STS', url);
  const sandboxUser = parseOptional(env, 'DOCSTORE_SANDBOX_USER', sandboxPersonId);
  if (sandboxUser !== undefined && environment !== SANDBOX) {
    throw new ConfigProblem(
      'DOCSTORE_SANDBOX_USER',
      'DOCSTORE_SANDBOX_USER signs in as a synthetic person and works only in the sandbox environment. Remove it and sign in with `login`.',
    );
  }
  return {
    ...(sandboxUser === undefined ? {} : { sandboxUser }),
    signIn: {
      issuer: parseVariable(env, 'DOCSTORE_OIDC_ISSUER', url),
      clientId: parseVariable(env, 'DOCSTORE_OIDC_CLIENT_ID', clientId),
      scopes: parseVariable(env, 'DOCSTORE_OIDC_SCOPES', scopes, DEFAULT_SCOPES).split(' '),
      ...(acr === undefined ? {} : { acrValues: acr }),
      idleTimeoutMs: 60_000 * parseVariable(env, 'DOCSTORE_IDLE_TIMEOUT_MINUTES', wholeBetween(1, 720), '30'),
    },
    aws: {
      roleArns: Object.fromEntries(ROLE_CODES.map((role) => [role, parseVariable(env, ROLE_ARN_VARIABLES[role], roleArn)])) as Record<RoleCode, string>,
      sessionSeconds: parseVariable(env, 'DOCSTORE_AWS_SESSION_SECONDS', wholeBetween(900, 43_200), '3600'),
      ...(stsEndpoint === undefined ? {} : { stsEndpoint }),
    },
    pds: {
      baseUrl: parseVariable(env, 'DOCSTORE_PDS_BASE_URL', url).replace(/\/+$/, ''),
      tokenExchangeUrl: parseVariable(env, 'DOCSTORE_PDS_TOKEN_URL', url),
    },
  };
}
