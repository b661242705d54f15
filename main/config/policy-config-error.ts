/** Configuration errors told in policy terms on a managed computer, so IT is pointed at the policy field. */
import type { ConfigError } from './config.js';
import type { AppliedPolicy } from './policy-apply.js';
import { policyFieldOf } from './policy-variables.js';

/**
 * Says a configuration error in policy terms on a managed computer: which policy field holds, or would hold, the value.
 *
 * The policy's own checks run first, so a policy value reaching `loadConfig` invalid means the two sets of rules
 * disagree; the message still points IT at the right field.
 */
export function configErrorMessage(error: ConfigError, applied: AppliedPolicy): string {
  const field = policyFieldOf(error.variable);
  if (!applied.managed || field === undefined) {
    return error.message;
  }
  return `${error.message} On a computer managed by your organisation this is "${field}" in policy.json: ask your IT team.`;
}
