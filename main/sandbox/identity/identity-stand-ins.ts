/**
 * The sandbox's identity services, started together: the OpenID provider (synthetic people), the STS stand-in that
 * turns its ID tokens into temporary credentials the sandbox's S3 accepts, and the PDS stand-in that answers for the
 * synthetic patients. Their variables are what the app reads to sign in, exactly as for a real deployment.
 */
import type { FhirPatient } from '../../patients/fhir-patient.js';
import { IssuedCredentialRegistry } from './issued-credentials.js';
import { startOidcProvider } from './oidc-provider.js';
import { startPdsStandIn } from './pds-stand-in.js';
import { startStsStandIn } from './sts-stand-in.js';

export interface IdentityStandInOptions {
  /** Patients added to PDS (`npm run sandbox -- --patients FILE`). */
  readonly extraPatients?: ReadonlyArray<FhirPatient>;
  /** Short lifetimes, for tests that need an ID token or credentials to expire. */
  readonly idTokenSeconds?: number;
  readonly credentialSeconds?: number;
}

export interface RunningIdentityStandIns {
  /** The credentials STS issued: the sandbox's S3 accepts them (and refuses them once expired). */
  readonly registry: IssuedCredentialRegistry;
  /** The variables that configure sign-in, the role for each app role, STS and PDS. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const SANDBOX_ACCOUNT = '000000000000';

export async function startIdentityStandIns(options: IdentityStandInOptions = {}): Promise<RunningIdentityStandIns> {
  const registry = new IssuedCredentialRegistry();
  const stops: Array<() => Promise<void>> = [];
  try {
    const provider = await startOidcProvider(options.idTokenSeconds === undefined ? {} : { idTokenSeconds: options.idTokenSeconds });
    stops.push(() => provider.stop());
    const { issuer, clientId, jwksUri, tokenEndpoint } = provider;
    const sts = await startStsStandIn({
      issuer,
      clientId,
      jwksUri,
      registry,
      ...(options.credentialSeconds === undefined ? {} : { credentialSeconds: options.credentialSeconds }),
    });
    stops.push(() => sts.stop());
    const pds = await startPdsStandIn({ issuer, jwksUri, ...(options.extraPatients === undefined ? {} : { extraPatients: options.extraPatients }) });
    stops.push(() => pds.stop());
    const stop = async () => {
      for (const stopOne of stops.splice(0).reverse()) {
        await stopOne();
      }
    };
    return {
      registry,
      env: {
        DOCSTORE_OIDC_ISSUER: issuer,
        DOCSTORE_OIDC_CLIENT_ID: clientId,
        DOCSTORE_ROLE_ARN_GP_ADMIN: `arn:aws:iam::${SANDBOX_ACCOUNT}:role/DocumentStoreGpAdmin`,
        DOCSTORE_ROLE_ARN_GP_CLINICAL: `arn:aws:iam::${SANDBOX_ACCOUNT}:role/DocumentStoreGpClinical`,
        DOCSTORE_ROLE_ARN_PCSE: `arn:aws:iam::${SANDBOX_ACCOUNT}:role/DocumentStorePcse`,
        AWS_ENDPOINT_URL_STS: sts.endpoint,
        DOCSTORE_PDS_BASE_URL: pds.baseUrl,
        DOCSTORE_PDS_TOKEN_URL: tokenEndpoint,
      },
      stop,
    };
  } catch (error) {
    for (const stopOne of stops.reverse()) {
      await stopOne().catch(() => undefined);
    }
    throw error;
  }
}
