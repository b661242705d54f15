// @vitest-environment node
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLE_CODES } from '../../../common/identity.js';
import { COMMAND_NEEDS, type Permission, ROLE_POLICIES } from './iam-policy-requirements.js';

// The example IAM policies in docs/aws/ against the AWS calls the code makes: each role may make every call its
// journey needs, and nothing more. The table of calls (./iam-policy-requirements.ts) is checked against the code.

const ROOT = join(import.meta.dirname, '../../..');
const SDK_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb)'/gu;

const list = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === 'string' ? [value] : value));
const policySchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(
    z.object({
      Sid: z.string(),
      Effect: z.literal('Allow'),
      Action: list,
      Resource: list,
      Condition: z.record(z.string(), z.record(z.string(), list)).optional(),
    }),
  ),
});
type Statement = z.infer<typeof policySchema>['Statement'][number];

function policyOf(file: string): z.infer<typeof policySchema> {
  return policySchema.parse(JSON.parse(readFileSync(join(ROOT, 'docs/aws', file), 'utf8')));
}

/** IAM's wildcards: `*` any run of characters, `?` one. */
function matches(pattern: string, value: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/gu, '\\$&').replace(/\*/gu, '.*').replace(/\?/gu, '.');
  return new RegExp(`^${expression}$`, 'u').test(value);
}

/** Whether the statement allows the permission: action and resource, and its only condition kept (a listing prefix). */
function allows(statement: Statement, permission: Permission): boolean {
  if (!statement.Action.includes(permission.action) || !statement.Resource.some((resource) => matches(resource, permission.resource))) {
    return false;
  }
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (operator !== 'StringLike' || key !== 's3:prefix' || permission.prefix === undefined) {
        return false;
      }
      if (!values.some((value) => matches(value, permission.prefix ?? ''))) {
        return false;
      }
    }
  }
  return true;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return relative(ROOT, path) === join('main', 'sandbox') ? [] : sourceFiles(path);
    }
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The SDK commands main/ (outside the sandbox, which provisions with its own key) constructs. */
function commandsInCode(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'main'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, names = ''] of text.matchAll(SDK_IMPORT)) {
      for (const name of names.split(',').map((part) => part.replace(/^\s*type\s+/u, '').trim())) {
        if (name.endsWith('Command') && text.includes(`new ${name}(`)) {
          found.add(name);
        }
      }
    }
  }
  return found;
}

describe('the table of AWS calls', () => {
  it('names exactly the SDK commands the code sends', () => {
    expect([...commandsInCode()].sort()).toEqual(Object.keys(COMMAND_NEEDS).sort());
  });
});

describe.each(ROLE_CODES)('the example %s policy', (roleCode) => {
  const { file, journeys } = ROLE_POLICIES[roleCode];
  const statements = policyOf(file).Statement;
  const needed = Object.entries(COMMAND_NEEDS).filter(([, need]) => journeys.includes(need.journey));
  const notNeeded = Object.entries(COMMAND_NEEDS).filter(([, need]) => !journeys.includes(need.journey));

  it.each(needed)('allows %s', (_, need) => {
    for (const permission of need.permissions) {
      expect(statements.some((statement) => allows(statement, permission)), `${permission.action} on ${permission.resource}`).toBe(true);
    }
  });

  it('allows nothing its journeys do not need', () => {
    const neededPermissions = needed.flatMap(([, need]) => need.permissions);
    for (const statement of statements) {
      for (const action of statement.Action) {
        for (const resource of statement.Resource) {
          const used = neededPermissions.some((permission) => permission.action === action && matches(resource, permission.resource));
          expect(used, `${statement.Sid}: ${action} on ${resource}`).toBe(true);
        }
      }
      expect(statement.Action.some((action) => action.includes('*')), `${statement.Sid} uses an action wildcard`).toBe(false);
    }
  });

  it.runIf(notNeeded.length > 0)('refuses what only downloading needs', () => {
    const downloadOnly = notNeeded.flatMap(([, need]) => need.permissions).filter((permission) => !needed.some(([, need]) => need.permissions.some((other) => other.action === permission.action && other.resource === permission.resource)));
    expect(downloadOnly.length).toBeGreaterThan(0);
    for (const permission of downloadOnly) {
      expect(statements.some((statement) => allows(statement, permission)), `${permission.action} on ${permission.resource}`).toBe(false);
    }
  });
});

describe('the example trust policy', () => {
  const trust = z
    .object({
      Statement: z.array(
        z.object({
          Effect: z.literal('Allow'),
          Principal: z.object({ Federated: z.string() }),
          Action: z.array(z.string()),
          Condition: z.record(z.string(), z.record(z.string(), z.string())),
        }),
      ),
    })
    .parse(JSON.parse(readFileSync(join(ROOT, 'docs/aws/trust-policy.json'), 'utf8')));
  const [statement] = trust.Statement;

  it('trusts the sign-in provider for web identity, with session tags and source identity', () => {
    expect(statement?.Principal.Federated).toMatch(/^arn:aws:iam::<account-id>:oidc-provider\//u);
    expect(statement?.Action.sort()).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession']);
  });

  it("admits only this app's tokens for this role's people, who say who they are", () => {
    expect(statement?.Condition.StringEquals).toMatchObject({ '<issuer-host-and-path>:aud': '<client-id>', 'aws:RequestTag/role': '<cis2-job-role-code>' });
    expect(statement?.Condition.Null).toMatchObject({ 'sts:SourceIdentity': 'false', 'aws:RequestTag/ods': 'false' });
  });
});
