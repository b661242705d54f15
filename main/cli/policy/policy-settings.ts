/**
 * The policy settings as the templates and docs list them: each leaf of the policy's JSON Schema (`saveFolder.path`
 * rather than `saveFolder`) with its words, limits and example. Made from policyJsonSchema, the one definition.
 */
import { POLICY_RULES, policyJsonSchema } from '../../config/policy-schema.js';

/** Where Windows Group Policy writes the settings: one value per setting, named by its field path. */
export const POLICY_VENDOR = 'NHS England';
export const POLICY_PRODUCT = 'Document Store Desktop';
export const POLICY_REGISTRY_KEY = `Software\\Policies\\${POLICY_VENDOR}\\${POLICY_PRODUCT}`;
/** The macOS managed-preferences domain: the app's bundle identifier (electron-builder.yml's appId). */
export const POLICY_PREFERENCES_DOMAIN = 'uk.nhs.documentstore.desktop';

/** One setting a policy may set. */
export interface PolicySettingInfo {
  /** The field path in policy.json, which is also the registry value name and the profile key path. */
  readonly field: string;
  readonly type: 'string' | 'integer' | 'boolean';
  /** The sentence after the field's name in an error: "must be …". */
  readonly rule: string;
  readonly description: string;
  /** The object it belongs to (`saveFolder`), with that object's description. */
  readonly group?: { readonly field: string; readonly description: string };
  readonly withoutPolicy: string;
  /** Examples, the first for Windows; a path setting also has one for macOS and Linux. */
  readonly examples: ReadonlyArray<string | number | boolean>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
}

interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly 'x-without-policy'?: string;
  readonly examples?: ReadonlyArray<unknown>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** Every setting, in the schema's order. */
export function policySettings(): PolicySettingInfo[] {
  const root = policyJsonSchema() as SchemaNode;
  return Object.entries(root.properties ?? {}).flatMap(([name, node]) =>
    node.type === 'object'
      ? Object.entries(node.properties ?? {}).map(([child, leaf]) => setting(`${name}.${child}`, leaf, { field: name, description: node.description ?? '' }))
      : [setting(name, node)],
  );
}

function setting(field: string, node: SchemaNode, group?: PolicySettingInfo['group']): PolicySettingInfo {
  const type = node.type === 'integer' || node.type === 'boolean' ? node.type : 'string';
  return {
    field,
    type,
    rule: POLICY_RULES[field] ?? 'must be valid',
    description: node.description ?? '',
    ...(group === undefined ? {} : { group }),
    withoutPolicy: node['x-without-policy'] ?? '',
    examples: (node.examples ?? []).filter((example): example is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof example)),
    ...(node.minimum === undefined ? {} : { minimum: node.minimum }),
    ...(node.maximum === undefined ? {} : { maximum: node.maximum }),
    ...(node.maxLength === undefined ? {} : { maxLength: node.maxLength }),
  };
}

/** The example a policy for this OS would hold: Windows paths on Windows, POSIX paths elsewhere. */
export function exampleFor(setting: PolicySettingInfo, platform: 'win32' | 'posix'): string | number | boolean | undefined {
  const windowsPath = (example: unknown) => typeof example === 'string' && /^[A-Za-z]:\\/.test(example);
  return setting.examples.find((example) => windowsPath(example) === (platform === 'win32')) ?? setting.examples.find((example) => !windowsPath(example));
}
