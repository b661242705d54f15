/** Valid policies and applied policies for the policy tests, failing loudly when the input is not what the test meant. */
import type { Environment } from '../../../main/config/config.js';
import { type AppliedPolicy, applyPolicy } from '../../../main/config/policy-apply.js';
import { parsePolicy, type Policy } from '../../../main/config/policy-schema.js';

export function policyOf(json: unknown, platform: NodeJS.Platform = 'linux'): Policy {
  const result = parsePolicy(json, platform);
  if (!result.ok) {
    throw new Error(`expected a valid policy, got: ${result.error.message}`);
  }
  return result.value;
}

export function applied(env: Environment, policy: Policy | undefined): AppliedPolicy {
  const result = applyPolicy(env, policy);
  if (!result.ok) {
    throw new Error(`expected the policy to apply, got: ${result.error.message}`);
  }
  return result.value;
}
