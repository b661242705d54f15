import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

import { policyCommand } from '../../../main/cli/policy/policy-command.js';
import { exampleValues } from '../../../main/cli/policy/mobileconfig.js';
import { policySettings } from '../../../main/cli/policy/policy-settings.js';
import { policyTemplates } from '../../../main/cli/policy/policy-templates.js';
import { parsePolicy } from '../../../main/config/policy-schema.js';

const ROOT = join(import.meta.dirname, '../../..');
const read = (path: string) => readFile(join(ROOT, path), 'utf8');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await policyCommand(args, { stdout, stderr, signal: new AbortController().signal });
  stdout.end();
  stderr.end();
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

describe('the files made from the policy definition', () => {
  it('are committed as the definition makes them (else run: npm run -s cli -- policy --write-templates)', async () => {
    for (const [path, content] of policyTemplates()) {
      expect(await read(path).catch(() => `${path} is missing`), path).toBe(content);
    }
  });

  it('policy --check-templates agrees, and policy --schema prints the committed schema', async () => {
    expect(await run(['--check-templates'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const schema = await run(['--schema']);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toBe(await read('build/policy/policy.schema.json'));
  });

  it('policy with no option, or two, prints its usage and exits 2', async () => {
    for (const args of [[], ['--schema', '--check-templates']]) {
      expect(await run(args)).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: cli policy') });
    }
  });
});

describe('the JSON Schema', () => {
  const schema = JSON.parse(policyTemplates().get('build/policy/policy.schema.json') ?? '{}') as object;
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  it('accepts the example policy, which the app accepts too', () => {
    const example = exampleValues(policySettings());
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(parsePolicy(example, 'darwin').ok).toBe(true);
  });

  it('flags a misspelt field and a value out of range, as an editor would', () => {
    expect(validate({ allowSandBox: false })).toBe(false);
    expect(validate({ maxParallelTransfers: 64 })).toBe(false);
    expect(validate({ saveFolder: { path: '/srv', lockd: true } })).toBe(false);
  });
});

describe('the Windows Group Policy templates', () => {
  const admx = policyTemplates().get('build/policy/windows/DocumentStoreDesktop.admx') ?? '';
  const adml = policyTemplates().get('build/policy/windows/en-US/DocumentStoreDesktop.adml') ?? '';

  it('define one machine policy per setting, a value named by its field under HKLM\\Software\\Policies', () => {
    const policies = [...admx.matchAll(/<policy name="(\w+)" class="Machine" [^>]*key="Software\\Policies\\NHS England\\Document Store Desktop"[^>]*>[\s\S]*?<\/policy>/g)];
    expect(policies.map(([, name]) => name)).toEqual(policySettings().map(({ field }) => field.replace('.', '_')));
    for (const [policy] of policies) {
      const valueNames = [...policy.matchAll(/valueName="([\w.]+)"/g)].map(([, name]) => name);
      expect(new Set(valueNames).size, policy).toBe(1);
    }
    expect(admx).toContain('valueName="saveFolder.path"');
  });

  it('refer only to strings and presentations the ADML defines, and each setting has an explanation', () => {
    const strings = new Set([...adml.matchAll(/<string id="(\w+)">/g)].map(([, id]) => id));
    const presentations = new Set([...adml.matchAll(/<presentation id="(\w+)">/g)].map(([, id]) => id));
    for (const [, id] of admx.matchAll(/\$\(string\.(\w+)\)/g)) {
      expect(strings, id).toContain(id);
    }
    for (const [, id] of admx.matchAll(/\$\(presentation\.(\w+)\)/g)) {
      expect(presentations, id).toContain(id);
    }
    expect(adml).toMatch(/<string id="allowSandbox_Explain">false: the built-in sandbox never starts\./);
  });

  it('are well-formed enough to load: every element opened is closed', () => {
    for (const xml of [admx, adml]) {
      const open = [...xml.matchAll(/<(\w+)[\s>]/g)].length;
      const closed = [...xml.matchAll(/<\/\w+>|\/>/g)].length;
      expect(closed).toBe(open);
    }
  });
});
