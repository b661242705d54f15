/**
 * Reading the organisation's policy file at start. Also the entry point for everything policy: the types and
 * functions of the sibling policy-*.ts modules are re-exported here, so callers import them from one place.
 */
import { readFile } from 'node:fs/promises';
import type { Result } from '../../common/result.js';
import { systemErrorCode } from '../errors.js';
import type { Environment } from './config.js';
import { type PolicyError, policyError } from './policy-error.js';
import { POLICY_FILE_VARIABLE, policyFileLocation } from './policy-location.js';
import { type Policy, parsePolicy } from './policy-schema.js';

export { type AppliedPolicy, applyPolicy, type PolicySetting } from './policy-apply.js';
export { configErrorMessage } from './policy-config-error.js';
export type { PolicyError } from './policy-error.js';
export { POLICY_FILE_VARIABLE, policyFilePath } from './policy-location.js';
export { type PolicySaveFolder, saveFolderUnderPolicy } from './policy-save-folder.js';
export { parsePolicy, type Policy } from './policy-schema.js';
export { policyEnvironment } from './policy-variables.js';

/**
 * Reads the policy file: `undefined` when there is none, an error naming the file and field when it cannot be used.
 *
 * There is never a fallback: a policy that is present but unreadable or invalid stops the app, because starting
 * without it could mean starting with the sandbox, or with settings the organisation has ruled out.
 */
export async function readPolicy(
  env: Environment,
  platform: NodeJS.Platform,
  options: { readonly allowPathOverride?: boolean } = {},
): Promise<Result<Policy | undefined, PolicyError>> {
  const { path, namedByVariable } = policyFileLocation(env, platform, options);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = systemErrorCode(error);
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !namedByVariable) {
      return { ok: true, value: undefined };
    }
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? messageOf(error)})`;
    const named = namedByVariable ? `The policy file "${path}" named by ${POLICY_FILE_VARIABLE}` : `The policy file "${path}"`;
    return policyError(`${named} ${problem}. Ask your IT team to check it.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(decode(bytes));
  } catch (error) {
    return policyError(`The policy file "${path}" is not valid JSON (${messageOf(error)}). Ask your IT team to correct it.`);
  }
  return parsePolicy(json, platform, path);
}

// Notepad may save a byte order mark; Windows PowerShell's Out-File writes UTF-16.
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
