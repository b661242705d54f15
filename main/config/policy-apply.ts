/** Applying a policy: the environment `loadConfig` reads, the sandbox rule, and the settings the UI shows as managed. */
import type { Result } from '../../common/result.js';
import { type Environment, wantsBuiltInSandbox } from './config.js';
import { type PolicyError, policyError } from './policy-error.js';
import type { PolicySaveFolder } from './policy-save-folder.js';
import type { Policy } from './policy-schema.js';
import { policyEnvironment } from './policy-variables.js';

/** The names a policy file may use, which are also the names the UI uses to show a setting as managed. */
export type PolicySetting = Exclude<keyof Policy, 'auditQueueUrl' | 'auditQueueName'> | 'auditQueue';

/** The policy applied: the environment `loadConfig` reads, and what the UI needs to show settings as managed. */
export interface AppliedPolicy {
  /** The environment with every policy value written over it, so policy values pass the same checks as variables. */
  readonly env: Environment;
  /** True when a policy file was found. */
  readonly managed: boolean;
  readonly allowSandbox: boolean;
  /** Settings the policy fixes; the UI shows them as "managed by your organisation" and offers no way to change them. */
  readonly locked: ReadonlyArray<PolicySetting>;
  readonly saveFolder?: PolicySaveFolder;
}

/**
 * Writes the policy over the environment: policy beats variables, which beat defaults.
 *
 * Pure. `loadConfig` then reads the result, so policy values pass the same checks as variables. A policy that sets
 * `endpoints` or an audit queue owns all of those variables: a user cannot add an endpoint beside the policy's. With
 * `allowSandbox: false`, an environment that would start the built-in sandbox is an error naming what to set.
 */
export function applyPolicy(env: Environment, policy: Policy | undefined): Result<AppliedPolicy, PolicyError> {
  if (policy === undefined) {
    return { ok: true, value: { env, managed: false, allowSandbox: true, locked: [] } };
  }
  const merged = policyEnvironment(env, policy);
  if (!policy.allowSandbox && wantsBuiltInSandbox(merged)) {
    return policyError(
      'policy.json: "allowSandbox" is false, so the built-in sandbox cannot start, and no AWS environment is configured. ' +
        'Set "environment" (for example "prod") and "zipBucket" in policy.json, or "endpoints" for a test environment ' +
        '(on a computer without a policy: DOCSTORE_ENV and DOCSTORE_ZIP_BUCKET).',
      'allowSandbox',
    );
  }
  return {
    ok: true,
    value: {
      env: merged,
      managed: true,
      allowSandbox: policy.allowSandbox,
      locked: lockedSettings(policy),
      ...(policy.saveFolder === undefined ? {} : { saveFolder: policy.saveFolder }),
    },
  };
}

function lockedSettings(policy: Policy): PolicySetting[] {
  const locked: PolicySetting[] = [];
  for (const key of Object.keys(policy) as Array<keyof Policy>) {
    if (policy[key] === undefined || key === 'allowSandbox' || (key === 'saveFolder' && policy.saveFolder?.locked !== true)) {
      continue;
    }
    const setting: PolicySetting = key === 'auditQueueUrl' || key === 'auditQueueName' ? 'auditQueue' : key;
    if (!locked.includes(setting)) {
      locked.push(setting);
    }
  }
  return locked;
}
