/**
 * Reading the organisation's policy at start: the OS's managed channel (Windows registry, macOS configuration
 * profile) and the policy file, put together by policy-sources/policy-merge.ts. Also the entry point for everything policy: the types and
 * functions of the sibling policy-*.ts modules are re-exported here, so callers import them from one place.
 */
import { type FileHandle, open } from 'node:fs/promises';
import type { Result } from '../../common/result.js';
import { systemErrorCode } from '../errors.js';
import type { Environment } from './config.js';
import { type PolicyError, policyError } from './policy-error.js';
import { POLICY_MAX_BYTES, parsePolicyJson } from './policy-json.js';
import { POLICY_FILE_VARIABLE, policyFilePath, policyOverridePath } from './policy-location.js';
import { type Policy, parsePolicy } from './policy-schema.js';
import { type PolicyTrustCheck, policyTrustCheck } from './policy-trust.js';
import type { ChannelReader } from './policy-sources/policy-channel.js';
import { type CheckedPolicyFile, mergePolicySources, type SettingOrigin, settingErrorMessage } from './policy-sources/policy-merge.js';
import { readProfilePolicy } from './policy-sources/profile-policy.js';
import { readRegistryPolicy } from './policy-sources/registry-policy.js';

export { type AppliedPolicy, applyPolicy, type PolicySetting } from './policy-apply.js';
export { configErrorMessage } from './policy-config-error.js';
export type { PolicyError } from './policy-error.js';
export { POLICY_FILE_VARIABLE, policyFilePath, policyOverrideAllowed } from './policy-location.js';
export { type PolicySaveFolder, saveFolderUnderPolicy } from './policy-save-folder.js';
export { parsePolicy, type Policy } from './policy-schema.js';
export { policyEnvironment } from './policy-variables.js';
export type { PolicySource, SettingOrigin } from './policy-sources/policy-merge.js';

/** How the policy is read; every field has the ordinary default. */
export interface ReadPolicyOptions {
  /** False: POLICY_FILE_VARIABLE is ignored (the packaged app; a CLI run outside the sandbox and development). */
  readonly allowPathOverride?: boolean;
  /** Told each problem that does not stop the app: an ignored file or variable, a setting this version does not know. */
  readonly onWarning?: (message: string) => void;
  /** The machine policy file; its place on this OS (policyFilePath) unless a test passes another. */
  readonly machineFile?: string;
  /** Whether the machine policy may be trusted; the check for this OS unless a test passes its own. */
  readonly trustCheck?: PolicyTrustCheck;
  /**
   * Reads the OS's managed channel: the registry on Windows, managed preferences on macOS (only when this process runs
   * on that OS); null for none. A test passes its own.
   */
  readonly channel?: ChannelReader | null;
}

/** The policy in force, or why it cannot be used, and every value each source holds (for the managed settings page). */
export interface PolicyReading {
  readonly policy: Result<Policy | undefined, PolicyError>;
  readonly origins: ReadonlyArray<SettingOrigin>;
}

/**
 * Reads the policy from every source: the managed channel wins over the file, setting by setting (docs/policy.md,
 * "Precedence"). A channel value that is not valid is reported in `origins` and ignored; a channel that cannot be
 * read at all, like a file that cannot, stops the app.
 */
export async function readPolicySources(env: Environment, platform: NodeJS.Platform, options: ReadPolicyOptions = {}): Promise<PolicyReading> {
  const warn = options.onWarning ?? (() => undefined);
  const reader = options.channel === undefined ? channelFor(platform) : options.channel;
  const channel = reader === null ? undefined : await reader();
  if (channel !== undefined && !channel.ok) {
    return { policy: policyError(channel.problem), origins: [] };
  }
  const file = await readPolicyFile(env, platform, options, warn);
  if (!file.ok) {
    return { policy: file, origins: [] };
  }
  const merged = mergePolicySources(channel?.value, file.value, platform);
  if (!merged.ok) {
    return { policy: merged, origins: [] };
  }
  for (const origin of merged.value.origins.filter(({ error }) => error !== undefined)) {
    warn(settingErrorMessage(origin));
  }
  return { policy: { ok: true, value: merged.value.policy }, origins: merged.value.origins };
}

/** Reads the policy from every source (readPolicySources): `undefined` when there is none, an error when it cannot be used. */
export async function readPolicy(
  env: Environment,
  platform: NodeJS.Platform,
  options: ReadPolicyOptions = {},
): Promise<Result<Policy | undefined, PolicyError>> {
  return (await readPolicySources(env, platform, options)).policy;
}

// The channel can be read only on its own OS; a test that names another platform reads only files.
function channelFor(platform: NodeJS.Platform): ChannelReader | null {
  if (platform !== process.platform) {
    return null;
  }
  return platform === 'win32' ? () => readRegistryPolicy() : platform === 'darwin' ? () => readProfilePolicy() : null;
}

/**
 * Reads the policy file: `undefined` when there is none, an error naming the file and field when it cannot be used.
 *
 * The machine-wide file always wins; POLICY_FILE_VARIABLE is read only when there is none and the caller allows it.
 * A machine file that users other than administrators could change is ignored, with a warning. Otherwise there is
 * never a fallback: a policy that is present but unreadable or invalid stops the app, because starting without it
 * could mean starting with the sandbox, or with settings the organisation has ruled out.
 */
async function readPolicyFile(
  env: Environment,
  platform: NodeJS.Platform,
  options: ReadPolicyOptions,
  warn: (message: string) => void,
): Promise<Result<CheckedPolicyFile | undefined, PolicyError>> {
  const machinePath = options.machineFile ?? policyFilePath(env, platform);
  const override = options.allowPathOverride === false ? undefined : policyOverridePath(env);
  const machine = await readPolicyBytes(machinePath, options.trustCheck ?? policyTrustCheck());
  if (machine.kind === 'failed') {
    return policyError(`The policy file "${machinePath}" ${machine.problem}. Ask your IT team to check it.`);
  }
  if (machine.kind === 'distrusted') {
    warn(`The policy file "${machinePath}" is ignored because it ${machine.reason}.`);
  }
  if (machine.kind === 'read') {
    if (override !== undefined) {
      warn(`${POLICY_FILE_VARIABLE} is ignored: the machine policy "${machinePath}" is in force.`);
    }
    return parsePolicyBytes(machine.bytes, machinePath, platform, warn);
  }
  if (override === undefined) {
    return { ok: true, value: undefined };
  }
  const named = await readPolicyBytes(override);
  if (named.kind === 'read') {
    return parsePolicyBytes(named.bytes, override, platform, warn);
  }
  // No trust check for a file named by the variable: it is honoured only in the sandbox and in development.
  const problem = named.kind === 'failed' ? named.problem : 'does not exist';
  return policyError(`The policy file "${override}" named by ${POLICY_FILE_VARIABLE} ${problem}. Ask your IT team to check it.`);
}

type PolicyBytes =
  | { readonly kind: 'absent' }
  | { readonly kind: 'read'; readonly bytes: Uint8Array }
  | { readonly kind: 'distrusted'; readonly reason: string }
  | { readonly kind: 'failed'; readonly problem: string };

// At most one byte past the cap is read, so an oversized file is refused without reading it whole.
async function readPolicyBytes(path: string, trustCheck?: PolicyTrustCheck): Promise<PolicyBytes> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    if (!(await file.stat()).isFile()) {
      return { kind: 'failed', problem: 'is not a file' };
    }
    const distrust = await trustCheck?.(file, path);
    if (distrust !== undefined) {
      return { kind: 'distrusted', reason: distrust };
    }
    const buffer = Buffer.alloc(POLICY_MAX_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    return { kind: 'read', bytes: buffer.subarray(0, length) };
  } catch (error) {
    const code = systemErrorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'absent' } : { kind: 'failed', problem: `cannot be read (${code ?? messageOf(error)})` };
  } finally {
    await file?.close();
  }
}

function parsePolicyBytes(bytes: Uint8Array, path: string, platform: NodeJS.Platform, warn: (message: string) => void): Result<CheckedPolicyFile, PolicyError> {
  const json = parsePolicyJson(bytes);
  if (!json.ok) {
    return policyError(`The policy file "${path}" ${json.problem}. Ask your IT team to correct it.`);
  }
  const policy = parsePolicy(json.value, platform, path, warn);
  return policy.ok ? { ok: true, value: { json: json.value, path } } : policy;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
