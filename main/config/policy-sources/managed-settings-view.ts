/**
 * The "Managed settings" page's content, made in main: each setting with the value in force, its source (registry,
 * profile, file, environment variable, default) and the values found for it that are ignored, with why.
 *
 * Every value and error passes maskSecrets here, before it crosses to the window: a proxy URL's password is masked.
 */
import type { ManagedSettingRow, ManagedSettingsView } from '../../../common/managed-settings.js';
import { maskSecrets } from '../../logging/secrets.js';
import type { Environment } from '../config.js';
import type { Policy } from '../policy-schema.js';
import { policyFieldOf } from '../policy-variables.js';
import { leafValue, policyLeaf, policyLeaves, shownValue } from './policy-fields.js';
import type { SettingOrigin } from './policy-merge.js';

/** What the view is made from: the variables, the policy in force and every value each source holds. */
export interface ManagedSettingsInput {
  readonly env: Environment;
  readonly policy: Policy | undefined;
  readonly origins: ReadonlyArray<SettingOrigin>;
  /** Why the policy cannot be used, when it cannot. */
  readonly problem?: string;
}

const SOURCE_WORDS = { registry: 'Windows registry', profile: 'configuration profile', file: 'policy file' } as const;

/** The page's rows: every known setting in the schema's order, then the unknown names a source holds. */
export function managedSettingsView({ env, policy, origins, problem }: ManagedSettingsInput): ManagedSettingsView {
  const variables = variablesByField(env);
  const rows = policyLeaves().map(({ field, withoutPolicy }): ManagedSettingRow => {
    const found = origins.filter((origin) => origin.field === field);
    const errors = found.filter((origin) => origin.error !== undefined).map(errorText);
    const effective = leafValue(policy, field);
    const from = effective === undefined ? undefined : found.find((origin) => origin.error === undefined && origin.value === effective);
    const base = { name: field, whenNotSet: maskSecrets(withoutPolicy), errors };
    if (from !== undefined) {
      return { ...base, value: maskSecrets(shownValue(from.value)), source: from.source, location: maskSecrets(from.location) };
    }
    const variable = policyOwns(policy, field) ? undefined : variables.get(field);
    if (variable !== undefined) {
      return { ...base, value: maskSecrets(variable.value), source: 'environment', location: variable.name };
    }
    return { ...base, value: null, source: 'default', location: null };
  });
  const unknown = origins
    .filter((origin) => policyLeaf(origin.field) === undefined)
    .map((origin): ManagedSettingRow => ({
      name: maskSecrets(origin.field),
      value: null,
      source: origin.source,
      location: maskSecrets(origin.location),
      whenNotSet: '',
      errors: [errorText(origin)],
    }));
  return {
    settings: [...rows, ...unknown],
    managed: origins.some((origin) => origin.error === undefined && policyLeaf(origin.field) !== undefined),
    problem: problem === undefined ? null : maskSecrets(problem),
  };
}

/** The view as lines of text, for "Copy diagnostics" and `doctor`. */
export function managedSettingsText(view: ManagedSettingsView): string[] {
  const lines = view.problem === null ? [] : [`Policy problem: ${view.problem}`];
  for (const row of view.settings) {
    const value = row.value === null ? `not set (${row.whenNotSet || 'no default'})` : `${row.value} [${row.source}${row.location === null ? '' : `: ${row.location}`}]`;
    // "name is value", not "name: value": a name such as pdsTokenExchangeUrl would have its value masked as a secret.
    lines.push(`${row.name} is ${value}`, ...row.errors.map((error) => `  ignored: ${error}`));
  }
  return lines;
}

function errorText(origin: SettingOrigin): string {
  const shown = origin.value === undefined ? '' : ` (value ${shownValue(origin.value)})`;
  return maskSecrets(`${sourceWords(origin)}${shown}: ${origin.field} ${origin.error ?? 'is not valid'}`);
}

function sourceWords(origin: SettingOrigin): string {
  const words = SOURCE_WORDS[origin.source];
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} ${origin.location}`;
}

// A policy that sets any endpoint, or the audit queue, owns the whole group: the variables for it are not read.
function policyOwns(policy: Policy | undefined, field: string): boolean {
  if (policy === undefined) {
    return false;
  }
  if (field.startsWith('endpoints.')) {
    return policy.endpoints !== undefined;
  }
  return (field === 'auditQueueUrl' || field === 'auditQueueName') && (policy.auditQueueUrl !== undefined || policy.auditQueueName !== undefined);
}

// The variable each policy field stands for that is set; where two are (AWS_REGION, AWS_DEFAULT_REGION), the one
// named first in the setting's words, which is the one the configuration reads first.
function variablesByField(env: Environment): Map<string, { readonly name: string; readonly value: string }> {
  const found = new Map<string, { name: string; value: string }>();
  for (const [name, raw] of Object.entries(env)) {
    const field = policyFieldOf(name);
    const value = raw?.trim();
    if (field === undefined || value === undefined || value === '') {
      continue;
    }
    const words = policyLeaf(field)?.withoutPolicy ?? '';
    const current = found.get(field);
    if (current === undefined || rank(words, name) < rank(words, current.name)) {
      found.set(field, { name, value });
    }
  }
  return found;
}

function rank(words: string, name: string): number {
  const at = words.indexOf(name);
  return at === -1 ? Number.MAX_SAFE_INTEGER : at;
}
