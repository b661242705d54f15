import type { Agent } from 'node:https';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Result } from '../../common/result.js';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { httpsAgentFactory } from '../aws/tls.js';
import { type AccessGate, unconfiguredGate } from '../identity/access-gate.js';
import type { Session } from '../identity/session.js';
import type { Logger } from '../logging/logger.js';
import { type SignInFront, setupIdentity } from './identity.js';
import { TRAINING_BUILD } from './training-build.js';
import { type Config, type Environment, loadConfig, wantsBuiltInSandbox } from '../config/config.js';
import { configureSdkProcessEnvironment } from '../config/environment.js';
import { type AppliedPolicy, applyPolicy, configErrorMessage, type Policy, policyFilePath } from '../config/policy.js';

/** The configured document store, reachable through SDK clients; the built-in sandbox when that is the rule's answer. */
export interface Backend {
  readonly config: Config;
  readonly clients: AwsClients;
  readonly builtInSandbox: boolean;
  /** The machine policy as applied: which settings are managed, the save folder it fixes or offers. */
  readonly policy: AppliedPolicy;
  /** Who may do what with a patient's record: the session and the role rules; refuses everything without sign-in. */
  readonly gate: AccessGate;
  /** The signed-in person's session; undefined when sign-in is not configured. */
  readonly session?: Session;
  /** For HTTPS outside the SDK (the presigned ZIP download): the policy's CA bundle and proxy; undefined without them. */
  readonly httpsAgent?: Agent;
  close(): Promise<void>;
}

// Sockets per host for each SDK client, as the SDK's own handler keeps by default.
const MAX_SOCKETS = 50;

/**
 * Opens the backend by the one rule shared by the app, the CLI and every tool: config, then credentials, then clients.
 *
 * Policy values (main/config/policy.ts, read by the caller) are written over the variables first. Configured endpoints
 * are used as they are and nothing is started; with no endpoint and the sandbox environment, the built-in sandbox
 * starts in this process and stops with `close()`, unless the policy forbids it: then it is an error and nothing starts.
 * The sandbox and its emulators are loaded only then, so a real deployment never loads them.
 */
export async function setupBackend(
  env: Environment,
  options: {
    readonly sandboxDataDir?: string;
    readonly policy?: Policy;
    readonly sandboxShipped?: boolean;
    /** The training build (main/setup/training-build.ts) unless a test says otherwise: the built-in sandbox or nothing. */
    readonly trainingBuild?: boolean;
    /** The front's part of sign-in; without it (the sandbox's tools) the backend acts with the configured keys and refuses patient records. */
    readonly signIn?: SignInFront;
    readonly logger?: Logger;
  } = {},
): Promise<Result<Backend, { readonly code: 'invalid-config'; readonly message: string }>> {
  configureSdkProcessEnvironment();
  const applied = applyPolicy(env, options.policy);
  if (!applied.ok) {
    return { ok: false, error: { code: 'invalid-config', message: applied.error.message } };
  }
  const builtInSandbox = wantsBuiltInSandbox(applied.value.env);
  // A packaged app ships no emulators (test/unit/build/packaged-contents.test.ts): without configuration it says so.
  if (builtInSandbox && options.sandboxShipped === false) {
    return { ok: false, error: { code: 'invalid-config', message: notSetUpMessage(policyFilePath(env, process.platform)) } };
  }
  // The training build runs on its synthetic data only, whatever the environment or a policy names.
  if (!builtInSandbox && (options.trainingBuild ?? TRAINING_BUILD)) {
    return { ok: false, error: { code: 'invalid-config', message: TRAINING_ONLY_SANDBOX } };
  }
  const sandbox = builtInSandbox ? await startBuiltInSandbox(options.sandboxDataDir) : undefined;
  const effectiveEnv = { ...applied.value.env, ...sandbox?.env };
  const config = loadConfig(effectiveEnv);
  if (!config.ok) {
    await sandbox?.stop();
    return { ok: false, error: { code: 'invalid-config', message: configErrorMessage(config.error, applied.value) } };
  }
  const httpsAgent = await httpsAgentFactory({ ...config.value.network, maxSockets: MAX_SOCKETS });
  if (!httpsAgent.ok) {
    await sandbox?.stop();
    return { ok: false, error: { code: 'invalid-config', message: httpsAgent.error.message } };
  }
  const identityConfig = config.value.identity;
  const identity =
    identityConfig === undefined || options.signIn === undefined
      ? undefined
      : setupIdentity(config.value, identityConfig, options.signIn, options.logger === undefined ? {} : { logger: options.logger });
  const clients = createAwsClients(config.value, {
    credentials: identity?.credentials ?? staticCredentialsIn(effectiveEnv),
    httpsAgent: httpsAgent.value,
    noByteTimeoutMs: config.value.noByteTimeoutMs,
  });
  const downloadAgent = httpsAgent.value?.();
  return {
    ok: true,
    value: {
      config: config.value,
      clients,
      builtInSandbox,
      policy: applied.value,
      gate: identity?.gate ?? unconfiguredGate(),
      ...(identity === undefined ? {} : { session: identity.session }),
      ...(downloadAgent === undefined ? {} : { httpsAgent: downloadAgent }),
      async close() {
        identity?.stop();
        clients.close();
        downloadAgent?.destroy();
        await sandbox?.stop();
      },
    },
  };
}

/**
 * Access keys named in the given variables, which may not be `process.env` (the sandbox's, or a test's).
 *
 * Without them the SDK's default provider chain applies (SSO, profiles, the process environment).
 */
function staticCredentialsIn(env: Environment): AwsCredentialIdentity | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!accessKeyId || !secretAccessKey) {
    return undefined;
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

async function startBuiltInSandbox(dataDir: string | undefined): Promise<{ readonly env: Environment; stop(): Promise<void> }> {
  const { startSandbox } = await import('../sandbox/sandbox.js');
  return startSandbox({ dataDir });
}

const TRAINING_ONLY_SANDBOX =
  'This is the training copy of Document Store Desktop: it works only with its own synthetic records, but this ' +
  'computer is set up to use a real document store (by its policy file or its environment variables). Use ' +
  'Document Store Desktop for real work; install the training copy only on computers set up for training.';

/** What a packaged app says when nothing points it at AWS: it ships no sandbox, and IT has not configured it. */
export function notSetUpMessage(policyPath: string): string {
  return (
    'This app has not been set up by your organisation. Ask your IT service desk to install its policy file at ' +
    `${policyPath}, naming at least "environment" and "zipBucket" (and "endpoints", "metadataTable", "zipTraceTable" ` +
    'and "auditQueueUrl" where they differ from the AWS defaults), and to give you AWS sign-in. ' +
    'See "Managed configuration: policy.json" in the IT administrators’ guide.'
  );
}
