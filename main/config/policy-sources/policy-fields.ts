/**
 * The policy's settings as flat leaves (`saveFolder.path` rather than `saveFolder`), with the kind of value each
 * holds: what the registry and configuration-profile readers check names and types against, and what the managed
 * settings page lists. Made from the policy's JSON Schema, the one definition.
 */
import { policyJsonSchema } from '../policy-schema.js';

export type PolicyValueKind = 'string' | 'integer' | 'boolean';

/** One setting a managed channel may set. */
export interface PolicyLeaf {
  /** The field path in policy.json, which is also the registry value name and the profile key path. */
  readonly field: string;
  readonly kind: PolicyValueKind;
  /** What applies when no source sets it, in the schema's words. */
  readonly withoutPolicy: string;
}

interface SchemaNode {
  readonly type?: string;
  readonly 'x-without-policy'?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

let leaves: ReadonlyArray<PolicyLeaf> | undefined;

/** Every leaf setting, in the schema's order. */
export function policyLeaves(): ReadonlyArray<PolicyLeaf> {
  leaves ??= Object.entries((policyJsonSchema() as SchemaNode).properties ?? {}).flatMap(([name, node]) =>
    node.type === 'object' ? Object.entries(node.properties ?? {}).map(([child, leaf]) => leafOf(`${name}.${child}`, leaf)) : [leafOf(name, node)],
  );
  return leaves;
}

/** The leaf a name stands for; undefined for a group (`saveFolder`) or a name this version does not know. */
export function policyLeaf(field: string): PolicyLeaf | undefined {
  return policyLeaves().find((leaf) => leaf.field === field);
}

/** True for the name of an object setting (`endpoints`, `saveFolder`), which a flat channel cannot hold as one value. */
export function isPolicyGroup(field: string): boolean {
  return policyLeaves().some((leaf) => leaf.field.startsWith(`${field}.`));
}

/** The kind a value is, in the words an error uses. */
export function kindOf(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'a whole number' : 'a decimal number';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return value === null ? 'null' : typeof value === 'object' ? 'a dictionary' : `a ${typeof value}`;
}

/** True when a value has the kind a leaf needs (an integer for `integer`). */
export function hasKind(value: unknown, kind: PolicyValueKind): boolean {
  return kind === 'integer' ? Number.isInteger(value) : typeof value === kind;
}

/** A policy object with the leaf's value set, making its group object when needed. */
export function setLeaf(policy: Record<string, unknown>, field: string, value: unknown): void {
  const [first = '', second] = field.split('.');
  if (second === undefined) {
    policy[first] = value;
    return;
  }
  const group = policy[first];
  policy[first] = { ...(typeof group === 'object' && group !== null ? group : {}), [second]: value };
}

/** The leaf's value in a policy object; undefined when it is not set. */
export function leafValue(policy: unknown, field: string): unknown {
  let value = policy;
  for (const key of field.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** A value as one line of text for a person: strings as they are, everything else as JSON. */
export function shownValue(value: unknown): string {
  // JSON.stringify gives undefined for undefined and functions, whatever its typings say.
  const json = JSON.stringify(value) as string | undefined;
  return typeof value === 'string' ? value : (json ?? String(value));
}

function leafOf(field: string, node: SchemaNode): PolicyLeaf {
  const kind = node.type === 'integer' || node.type === 'boolean' ? node.type : 'string';
  return { field, kind, withoutPolicy: node['x-without-policy'] ?? '' };
}
