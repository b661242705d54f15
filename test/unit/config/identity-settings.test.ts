import { describe, expect, it } from 'vitest';

import { type ConfigError, type Environment, loadConfig } from '../../../main/config/config.js';
import type { IdentityConfig } from '../../../main/config/identity-config.js';
import { policyEnvironment } from '../../../main/config/policy-variables.js';

const PROD = { DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'prod-zip-bucket' } as const;
const SIGN_IN = {
  DOCSTORE_OIDC_ISSUER: 'https://auth.example.nhs.uk/oidc',
  DOCSTORE_OIDC_CLIENT_ID: 'document-store-desktop',
  DOCSTORE_ROLE_ARN_GP_ADMIN: 'arn:aws:iam::123456789012:role/DocumentStoreGpAdmin',
  DOCSTORE_ROLE_ARN_GP_CLINICAL: 'arn:aws:iam::123456789012:role/DocumentStoreGpClinical',
  DOCSTORE_ROLE_ARN_PCSE: 'arn:aws:iam::123456789012:role/DocumentStorePcse',
  DOCSTORE_PDS_BASE_URL: 'https://api.service.nhs.uk/personal-demographics/FHIR/R4/',
  DOCSTORE_PDS_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token',
} as const;

function identityOf(env: Environment): IdentityConfig | undefined {
  const result = loadConfig(env);
  if (!result.ok) {
    throw new Error(`expected a valid configuration, got ${result.error.variable}: ${result.error.message}`);
  }
  return result.value.identity;
}

function errorOf(env: Environment): ConfigError {
  const result = loadConfig(env);
  if (result.ok) {
    throw new Error('expected a configuration error');
  }
  return result.error;
}

describe('sign-in configuration', () => {
  it('is absent without an issuer: nobody can sign in, and nothing else is asked for', () => {
    expect(identityOf(PROD)).toBeUndefined();
  });

  it('reads the provider, the role for each app role, PDS and the defaults', () => {
    expect(identityOf({ ...PROD, ...SIGN_IN })).toEqual({
      signIn: {
        issuer: SIGN_IN.DOCSTORE_OIDC_ISSUER,
        clientId: 'document-store-desktop',
        scopes: ['openid', 'profile', 'nationalrbacaccess', 'selectedrole'],
        idleTimeoutMs: 30 * 60_000,
      },
      aws: {
        roleArns: {
          GP_ADMIN: SIGN_IN.DOCSTORE_ROLE_ARN_GP_ADMIN,
          GP_CLINICAL: SIGN_IN.DOCSTORE_ROLE_ARN_GP_CLINICAL,
          PCSE: SIGN_IN.DOCSTORE_ROLE_ARN_PCSE,
        },
        sessionSeconds: 3600,
      },
      pds: { baseUrl: 'https://api.service.nhs.uk/personal-demographics/FHIR/R4', tokenExchangeUrl: SIGN_IN.DOCSTORE_PDS_TOKEN_URL },
    });
  });

  it('takes the time-out, scopes, assurance, session length and STS endpoint when given', () => {
    const identity = identityOf({
      ...PROD,
      ...SIGN_IN,
      DOCSTORE_IDLE_TIMEOUT_MINUTES: '5',
      DOCSTORE_OIDC_SCOPES: 'openid profile',
      DOCSTORE_OIDC_ACR_VALUES: 'AAL3_ANY',
      DOCSTORE_AWS_SESSION_SECONDS: '900',
      AWS_ENDPOINT_URL_STS: 'https://sts.eu-west-2.amazonaws.com',
    });
    expect(identity?.signIn).toMatchObject({ idleTimeoutMs: 5 * 60_000, scopes: ['openid', 'profile'], acrValues: 'AAL3_ANY' });
    expect(identity?.aws).toMatchObject({ sessionSeconds: 900, stsEndpoint: 'https://sts.eu-west-2.amazonaws.com' });
  });

  it.each([
    ['DOCSTORE_OIDC_CLIENT_ID', undefined, 'is not set'],
    ['DOCSTORE_ROLE_ARN_PCSE', undefined, 'is not set'],
    ['DOCSTORE_ROLE_ARN_GP_ADMIN', 'DocumentStoreGpAdmin', 'use an IAM role ARN'],
    ['DOCSTORE_OIDC_ISSUER', 'http://auth.example.nhs.uk/oidc', 'use an https:// URL'],
    ['DOCSTORE_PDS_BASE_URL', 'http://127.0.0.1:9000/pds', 'use an https:// URL'],
    ['DOCSTORE_OIDC_SCOPES', 'profile email', 'include "openid"'],
    ['DOCSTORE_IDLE_TIMEOUT_MINUTES', '0', 'use at least 1'],
    ['DOCSTORE_AWS_SESSION_SECONDS', '600', 'use at least 900'],
  ])('names %s when it is %s', (variable, value, words) => {
    const error = errorOf({ ...PROD, ...SIGN_IN, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(words);
  });

  it('lets the sandbox use http:// on this computer, and a synthetic person only there', () => {
    const local = { ...SIGN_IN, DOCSTORE_OIDC_ISSUER: 'http://127.0.0.1:4000', DOCSTORE_PDS_BASE_URL: 'http://127.0.0.1:4001/pds', DOCSTORE_PDS_TOKEN_URL: 'http://127.0.0.1:4000/token' };
    expect(identityOf({ DOCSTORE_ZIP_BUCKET: 'zips', ...local, DOCSTORE_SANDBOX_USER: '555000000001' })?.sandboxUser).toBe('555000000001');
    const error = errorOf({ ...PROD, ...SIGN_IN, DOCSTORE_SANDBOX_USER: '555000000001' });
    expect(error.variable).toBe('DOCSTORE_SANDBOX_USER');
    expect(error.message).toContain('works only in the sandbox environment');
  });

  it("takes the policy's sign-in settings over the variables", () => {
    const env = policyEnvironment(
      { ...PROD, ...SIGN_IN, DOCSTORE_OIDC_CLIENT_ID: 'users-own-client' },
      { allowSandbox: true, signInClientId: 'managed-client', idleTimeoutMinutes: 10, endpoints: { sts: 'https://sts.vpce.example' } },
    );
    const identity = identityOf(env);
    expect(identity?.signIn.clientId).toBe('managed-client');
    expect(identity?.signIn.idleTimeoutMs).toBe(10 * 60_000);
    expect(identity?.aws.stsEndpoint).toBe('https://sts.vpce.example');
  });
});
