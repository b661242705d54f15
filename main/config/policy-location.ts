/** Where the policy file is read from: its machine-wide location on each OS, or the file a variable names instead. */
import { posix, resolve, win32 } from 'node:path';
import type { Environment } from './config.js';

/** Points the app at another policy file; honoured only where the caller allows it (never in a packaged app). */
export const POLICY_FILE_VARIABLE = 'DOCSTORE_POLICY_FILE';

const PRODUCT_FOLDER = 'Document Store Desktop';

/** The file to read, and whether POLICY_FILE_VARIABLE named it rather than the machine-wide location. */
export interface PolicyFileLocation {
  readonly path: string;
  readonly namedByVariable: boolean;
}

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

/** The file POLICY_FILE_VARIABLE names, unless the caller forbids it; otherwise the machine-wide location. */
export function policyFileLocation(
  env: Environment,
  platform: NodeJS.Platform,
  options: { readonly allowPathOverride?: boolean },
): PolicyFileLocation {
  const override = options.allowPathOverride === false ? undefined : variable(env, POLICY_FILE_VARIABLE);
  return override === undefined
    ? { path: policyFilePath(env, platform), namedByVariable: false }
    : { path: resolve(override), namedByVariable: true };
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
