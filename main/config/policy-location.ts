/** Where the policy file is read from: its machine-wide location on each OS, or (in development) the file a variable names. */
import { posix, resolve, win32 } from 'node:path';
import type { Environment } from './config.js';

/** Points the app at another policy file; honoured only where the caller allows it (never in a packaged app). */
export const POLICY_FILE_VARIABLE = 'DOCSTORE_POLICY_FILE';

const PRODUCT_FOLDER = 'Document Store Desktop';

/** The policy file's machine-wide location on each OS: folders that only administrators can write. */
export function policyFilePath(env: Environment, platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return win32.join(programData(env), PRODUCT_FOLDER, 'policy.json');
    case 'darwin':
      return posix.join('/Library/Application Support', PRODUCT_FOLDER, 'policy.json');
    default:
      return '/etc/document-store-desktop/policy.json';
  }
}

/** The file POLICY_FILE_VARIABLE names, resolved; undefined when it is unset. */
export function policyOverridePath(env: Environment): string | undefined {
  const override = variable(env, POLICY_FILE_VARIABLE);
  return override === undefined ? undefined : resolve(override);
}

/**
 * Whether a command-line run may honour POLICY_FILE_VARIABLE: only in the sandbox environment (DOCSTORE_ENV unset or
 * "sandbox") or in development (NODE_ENV=development), so a run against a real environment always uses the machine's
 * policy. Where there is one it wins anyway (readPolicy).
 */
export function policyOverrideAllowed(env: Environment): boolean {
  return (variable(env, 'DOCSTORE_ENV') ?? 'sandbox') === 'sandbox' || variable(env, 'NODE_ENV') === 'development';
}

// Windows variables are case-insensitive, but a copied environment object is not.
function programData(env: Environment): string {
  const key = Object.keys(env).find((name) => name.toLowerCase() === 'programdata');
  return (key === undefined ? undefined : env[key]?.trim()) || 'C:\\ProgramData';
}

function variable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
