// `node --import tsx scripts/check-fuses.ts [binary …]`: the fuses of each packaged Electron binary must be what
// electron-builder.yml's `electronFuses` sets; exits 1 when one differs. With no argument it checks what
// `npm run dist` left in dist/, and says it skipped when there is nothing there (no Electron on this machine).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { expectedFusesOf, fuseDifferences, packagedBinaries, readFuseWires, unsetFuses } from './fuse-wire.js';

const ROOT = join(import.meta.dirname, '..');

interface BuilderConfig {
  readonly productName?: string;
  readonly electronFuses?: unknown;
  readonly linux?: { readonly executableName?: string };
  readonly directories?: { readonly output?: string };
}

async function main(args: ReadonlyArray<string>): Promise<number> {
  const config = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const expected = expectedFusesOf(config.electronFuses);
  const productName = config.productName ?? 'Document Store Desktop';
  const output = join(ROOT, config.directories?.output ?? 'dist');
  const binaries = args.length > 0 ? args : await packagedBinaries(output, productName, config.linux?.executableName ?? productName);
  if (binaries.length === 0) {
    process.stdout.write(`check-fuses: skipped: no packaged binary in ${output} (run npm run dist, or name the binary).\n`);
    return 0;
  }
  let failed = false;
  for (const binary of binaries) {
    const wires = readFuseWires(await readFile(binary));
    const problems = wires.length === 0 ? ['no fuse wire found: not an Electron 12+ binary'] : wires.flatMap((wire) => fuseDifferences(wire, expected));
    failed ||= problems.length > 0;
    process.stdout.write(`${problems.length === 0 ? 'OK  ' : 'FAIL'} ${binary}\n`);
    for (const problem of problems) {
      process.stdout.write(`       ${problem}\n`);
    }
    for (const fuse of [...new Set(wires.flatMap((wire) => unsetFuses(wire, expected)))]) {
      process.stdout.write(`       note: ${fuse} is not set by electron-builder.yml\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
