import type { AwsCredentialIdentity } from '@smithy/types';
import type { Result } from '../preload/result.js';
import { type AwsClients, createAwsClients } from './aws/clients.js';
import { type Config, type Environment, loadConfig, wantsBuiltInSandbox } from './config/config.js';
import { startSandbox } from './sandbox/sandbox.js';

/** The configured document store, reachable through SDK clients; the built-in sandbox when that is the rule's answer. */
export interface Backend {
  readonly config: Config;
  readonly clients: AwsClients;
  readonly builtInSandbox: boolean;
  close(): Promise<void>;
}

/**
 * Opens the backend by the one rule shared by the app, the CLI and every tool.
 *
 * Configured endpoints are used as they are and nothing is started; with no endpoint and the sandbox environment,
 * the built-in sandbox starts in this process and stops with `close()`.
 */
export async function openBackend(
  env: Environment,
  options: { readonly sandboxDataDir?: string } = {},
): Promise<Result<Backend, { readonly code: 'invalid-config'; readonly message: string }>> {
  const builtInSandbox = wantsBuiltInSandbox(env);
  const sandbox = builtInSandbox ? await startSandbox({ dataDir: options.sandboxDataDir }) : undefined;
  const effectiveEnv = { ...env, ...sandbox?.env };
  const config = loadConfig(effectiveEnv);
  if (!config.ok) {
    await sandbox?.stop();
    return { ok: false, error: { code: 'invalid-config', message: config.error.message } };
  }
  const clients = createAwsClients(config.value, { credentials: staticCredentialsIn(effectiveEnv) });
  return {
    ok: true,
    value: {
      config: config.value,
      clients,
      builtInSandbox,
      async close() {
        clients.close();
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
