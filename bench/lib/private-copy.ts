import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

/** One textual edit to a source file, applied to a private copy only. */
export interface Patch {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Copies main/, common/ and preload/ (plus package.json, for ESM) into `folder`, links node_modules, and applies the patches.
 *
 * The project's own files are never touched; a patch whose `from` text is not found exactly once is an error, so
 * an experiment cannot silently measure unedited code.
 */
export async function makePrivateCopy(folder: string, patches: ReadonlyArray<Patch>): Promise<string> {
  await mkdir(folder, { recursive: true });
  await Promise.all(['main', 'common', 'preload'].map((name) => cp(join(PROJECT_ROOT, name), join(folder, name), { recursive: true })));
  await cp(join(PROJECT_ROOT, 'package.json'), join(folder, 'package.json'));
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
  for (const patch of patches) {
    const path = join(folder, patch.file);
    const text = await readFile(path, 'utf8');
    const count = text.split(patch.from).length - 1;
    if (count !== 1) {
      throw new Error(`patch for ${patch.file} matches ${count} times: ${patch.from.slice(0, 80)}`);
    }
    await writeFile(path, text.replace(patch.from, () => patch.to));
  }
  return folder;
}
