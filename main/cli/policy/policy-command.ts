/**
 * `policy --schema | --write-templates | --check-templates`: the policy's JSON Schema on stdout, and the files made
 * from the policy definition (docs/policy.md, build/policy/) written or checked in the repository.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { policyJsonSchema } from '../../config/policy-schema.js';
import { type CommandIo, EXIT, tell } from '../command.js';
import { policyTemplates } from './policy-templates.js';

const USAGE = 'Usage: cli policy --schema | --write-templates | --check-templates';
const ROOT = join(import.meta.dirname, '../../..');

/** Needs no configuration: it describes the policy rather than reading one. */
export async function policyCommand(args: ReadonlyArray<string>, io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { schema: { type: 'boolean' }, 'write-templates': { type: 'boolean' }, 'check-templates': { type: 'boolean' } },
  });
  const chosen = [values.schema, values['write-templates'], values['check-templates']].filter(Boolean).length;
  if (chosen !== 1) {
    tell(io, USAGE);
    return EXIT.invalidInput;
  }
  if (values.schema === true) {
    io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  const stale: string[] = [];
  for (const [path, content] of policyTemplates()) {
    const file = join(ROOT, path);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === content) {
      continue;
    }
    if (values['write-templates'] === true) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      tell(io, `Wrote ${path}`);
    } else {
      stale.push(path);
    }
  }
  if (stale.length > 0) {
    tell(io, `Out of date with main/config/policy-schema.ts: ${stale.join(', ')}. Run: npm run -s cli -- policy --write-templates`);
    return EXIT.failure;
  }
  return EXIT.ok;
}
