/** The installed packages some packages need at run time, found in node_modules as Node itself would find them. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

interface PackageManifest {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/**
 * Every folder under `<root>/node_modules` that loading `names` from the project root reaches, following each
 * package's dependencies (optional and peer ones when installed) the way Node resolves them: the package's own
 * node_modules first, then each parent's. Answered relative to `<root>/node_modules` with '/' separators, outermost
 * folders only (a package nested inside another listed one travels with it), sorted.
 */
export function runtimeClosure(root: string, names: ReadonlyArray<string>): string[] {
  const modules = realpathSync(join(root, 'node_modules'));
  const found = new Set<string>();
  const visit = (name: string, from: string, required: boolean): void => {
    const folder = resolvePackage(name, from, modules);
    if (folder === undefined) {
      if (required) {
        throw new Error(`${name} (needed by ${relative(modules, from) || 'the project'}) is not installed; run npm ci first.`);
      }
      return;
    }
    if (found.has(folder)) {
      return;
    }
    found.add(folder);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackageManifest;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      visit(dependency, folder, !(dependency in (manifest.optionalDependencies ?? {})));
    }
    for (const dependency of [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
      visit(dependency, folder, false);
    }
  };
  for (const name of names) {
    visit(name, realpathSync(root), true);
  }
  const folders = [...found].map((folder) => relative(modules, folder).split(sep).join('/'));
  return folders.filter((folder) => !folders.some((other) => folder.startsWith(`${other}/`))).sort();
}

/** The folder of package `name` as seen from `from`: its own node_modules, then each parent's up to the project's. */
function resolvePackage(name: string, from: string, modules: string): string | undefined {
  const project = dirname(modules);
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      return realpathSync(candidate);
    }
    if (folder === project || dirname(folder) === folder) {
      return undefined;
    }
  }
}
