/**
 * Putting the policy together from its sources: the OS's managed channel (the registry on Windows, the configuration
 * profile on macOS) over the policy file, setting by setting, each setting's source recorded.
 *
 * A channel value that is not valid is ignored with its error and the setting falls to the next source; the file was
 * checked on its own before (an invalid file stops the app, as it always has).
 */
import type { Result } from '../../../common/result.js';
import type { PolicyError } from '../policy-error.js';
import { parsePolicy, type Policy } from '../policy-schema.js';
import type { ChannelValues, ManagedChannel } from './policy-channel.js';
import { leafValue, policyLeaf, policyLeaves, setLeaf } from './policy-fields.js';

/** Where a setting's value came from: a managed channel, or the policy file. */
export type PolicySource = ManagedChannel | 'file';

/** One value a source holds for a setting; several sources may hold one for the same setting. */
export interface SettingOrigin {
  readonly field: string;
  readonly source: PolicySource;
  /** The registry key, the profile's file, or the policy file's path. */
  readonly location: string;
  readonly value: unknown;
  /** Why this value is ignored; the setting then comes from the next source. */
  readonly error?: string;
}

/** The policy in force (undefined when no source sets anything) and every value each source holds. */
export interface MergedPolicy {
  readonly policy: Policy | undefined;
  /** In precedence order for each setting: the channel's values first, then the file's. */
  readonly origins: ReadonlyArray<SettingOrigin>;
}

/** The policy file as read and checked: its JSON (for which settings it sets) and where it is. */
export interface CheckedPolicyFile {
  readonly json: unknown;
  readonly path: string;
}

// The label parsePolicy names in its messages; taken off again, since the page names the setting and the source.
const LABEL = 'policy';

/** Lays the channel's valid values over the file's; an error only when the two cannot be put together at all. */
export function mergePolicySources(
  channel: ChannelValues | undefined,
  file: CheckedPolicyFile | undefined,
  platform: NodeJS.Platform,
): Result<MergedPolicy, PolicyError> {
  const origins: SettingOrigin[] = [...(channel?.settings ?? []).map((setting) => ({ ...setting, source: channel?.channel ?? 'registry' }))];
  const base = file === undefined ? {} : (structuredClone(file.json) as Record<string, unknown>);
  if (file !== undefined) {
    for (const { field } of policyLeaves()) {
      const value = leafValue(file.json, field);
      if (value !== undefined) {
        origins.push({ field, source: 'file', location: file.path, value });
      }
    }
  }
  let active = origins.filter((origin) => origin.source !== 'file' && origin.error === undefined && policyLeaf(origin.field) !== undefined);
  // The audit queue is one choice made by URL or by name: a channel that makes it replaces the file's.
  if (active.some(({ field }) => field === 'auditQueueUrl' || field === 'auditQueueName')) {
    delete base.auditQueueUrl;
    delete base.auditQueueName;
  }
  for (;;) {
    const candidate = structuredClone(base);
    for (const origin of active) {
      setLeaf(candidate, origin.field, origin.value);
    }
    if (file === undefined && active.length === 0) {
      return { ok: true, value: { policy: undefined, origins } };
    }
    const parsed = parsePolicy(candidate, platform, LABEL);
    if (parsed.ok) {
      return { ok: true, value: { policy: parsed.value, origins } };
    }
    const culprit = culpritOf(active, parsed.error.field);
    if (culprit === undefined) {
      return parsed;
    }
    const problem = settingProblem(parsed.error.message, parsed.error.field ?? culprit.field);
    const error = culprit.field === parsed.error.field ? problem : `cannot be used without a valid "${parsed.error.field ?? ''}", which ${problem}`;
    origins[origins.indexOf(culprit)] = { ...culprit, error };
    active = active.filter((origin) => origin !== culprit);
  }
}

/** The text a per-setting error is logged and reported with: the source, the setting and why it is ignored. */
export function settingErrorMessage(origin: SettingOrigin): string {
  const source = origin.source === 'registry' ? `The Windows registry value "${origin.field}"` : origin.source === 'profile' ? `The configuration profile's "${origin.field}"` : `"${origin.field}"`;
  return `${source} (${origin.location}) is ignored: it ${origin.error ?? 'is not valid'}.`.replace(/\.\.$/, '.');
}

// The channel value the schema's complaint is about: the same setting, or one of the same group (a "locked" without a "path").
function culpritOf(active: ReadonlyArray<SettingOrigin>, field: string | undefined): SettingOrigin | undefined {
  if (field === undefined) {
    return undefined;
  }
  const group = field.split('.')[0];
  return active.find((origin) => origin.field === field) ?? active.find((origin) => origin.field.split('.')[0] === group);
}

// parsePolicy says `policy: "field" must be … (found …). Ask your IT team to correct policy.`; the page needs `must be … (found …)`.
function settingProblem(message: string, field: string): string {
  return message
    .replace(`${LABEL}: `, '')
    .replace(` Ask your IT team to correct ${LABEL}.`, '')
    .replace(new RegExp(`^"${field.replace(/\./g, '\\.')}" `), '')
    .replace(/\.$/, '');
}
