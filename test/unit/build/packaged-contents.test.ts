// @vitest-environment node
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a packaged app holds, computed the way electron-builder 26 computes it, without packaging (which needs the
// Electron download): the real `electron-vite build`, electron-builder's own `files` matcher over its output, and
// electron-builder's own collector of the production node_modules.

const ROOT = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
// The emulators and the TypeScript runner are for development, tests and the sandbox only.
const DEVELOPMENT_ONLY = ['dynalite', 'local-aws-sqs', 'oidc-provider', 'tsx'];
const BUILD_TIMEOUT_MS = 180_000;

interface FileMatcher {
  createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
}
interface FileMatcherModule {
  readonly getFileMatchers: (
    config: unknown,
    name: 'files',
    destination: string,
    options: { macroExpander: (pattern: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
  ) => FileMatcher[] | null;
}
interface NodeModuleInfo {
  readonly name: string;
  readonly dependencies?: ReadonlyArray<NodeModuleInfo>;
}
interface CollectorModule {
  readonly getCollectorByPackageManager: (
    pm: 'npm',
    rootDir: string,
    tempDir: unknown,
  ) => { getNodeModules(options: { packageName: string }): Promise<{ nodeModules: NodeModuleInfo[] }> };
}
interface BuilderUtilModule {
  TmpDir: new (label: string) => { cleanup(): Promise<void> };
}

const { getFileMatchers } = require('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const { getCollectorByPackageManager } = require('app-builder-lib/out/node-module-collector/index.js') as CollectorModule;
const { TmpDir } = require('builder-util') as BuilderUtilModule;

let stage: string;
let built: Map<string, string>;

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(stage, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** What a file imports or requires (also `require.resolve`), statically or dynamically, by specifier. */
function importsOf(code: string): string[] {
  const found = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire(?:\.resolve)?\s*\(\s*)["']([^"']+)["']/g)].map((match) => match[1] ?? '');
  return [...new Set(found)];
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

beforeAll(async () => {
  // The app as electron-builder would find it: package.json beside a fresh out/ (not the shared one in the tree).
  stage = await mkdtemp(join(tmpdir(), 'docstore-packaged-'));
  await copyFile(join(ROOT, 'package.json'), join(stage, 'package.json'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(stage, 'out'), '--logLevel', 'error'], {
    cwd: ROOT,
  });
  const files = await filesUnder(join(stage, 'out'));
  built = new Map(await Promise.all(files.filter((file) => /\.(?:c?js|html)$/.test(file)).map(async (file) => [file, await readFile(join(stage, file), 'utf8')] as const)));
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await rm(stage, { recursive: true, force: true });
});

describe('the main bundle', () => {
  it('imports none of the emulators or tsx, statically or dynamically', () => {
    const main = built.get('out/main/index.js') ?? '';
    expect(main.length).toBeGreaterThan(0);
    expect(importsOf(main).map(packageOf).filter((name) => DEVELOPMENT_ONLY.includes(name))).toEqual([]);
  });

  it('reaches the sandbox only through one lazy import of its own chunk; any other chunk is app code it shares', () => {
    const main = built.get('out/main/index.js') ?? '';
    const relativeImports = importsOf(main).filter((specifier) => specifier.startsWith('.'));
    expect(relativeImports).toContain('./chunks/sandbox.js');
    expect(relativeImports.every((specifier) => /^\.\/chunks\/[\w-]+\.js$/.test(specifier))).toBe(true);
    expect(main).toMatch(/\bimport\(\s*["']\.\/chunks\/sandbox\.js["']\s*\)/);
    expect(main).not.toMatch(/^import[^(]*["']\.\/chunks\/sandbox\.js["']/m);
    for (const shared of relativeImports.filter((specifier) => specifier !== './chunks/sandbox.js')) {
      const code = built.get(`out/main/${shared.slice(2)}`) ?? '';
      expect(importsOf(code).map(packageOf).filter((name) => DEVELOPMENT_ONLY.includes(name)), shared).toEqual([]);
    }
  });

  it('bundles no code of the emulators or tsx anywhere: the sandbox chunk loads them by name, from node_modules', () => {
    for (const [file, code] of built) {
      expect(code, file).not.toMatch(/node_modules[\\/](?:dynalite|local-aws-sqs|oidc-provider|tsx)[\\/]/);
    }
    const sandbox = built.get('out/main/chunks/sandbox.js') ?? '';
    expect(importsOf(sandbox).map(packageOf).filter((name) => DEVELOPMENT_ONLY.includes(name)).length).toBeGreaterThan(0);
  });
});

describe('the packaged app', () => {
  it("holds, by electron-builder's own `files` matcher, the main bundle, the preload and the renderer only", async () => {
    const config = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8'));
    const matchers = getFileMatchers(config, 'files', 'app', { macroExpander: (pattern) => pattern, customBuildOptions: {}, globalOutDir: 'dist', defaultSrc: stage });
    const filter = matchers?.[0]?.createFilter();
    expect(filter).toBeDefined();
    const asFile = { isDirectory: () => false };
    const candidates = [
      ...(await filesUnder(stage)),
      // The rest of the repository, as electron-builder would see it beside out/.
      'main/sandbox/emulators.ts',
      'main/index.ts',
      'scripts/start.mjs',
      'test/support/sandbox-backend.ts',
      'electron.vite.config.ts',
    ];
    const packed = candidates.filter((file) => filter?.(join(stage, file), asFile)).sort();

    expect(packed).toContain('package.json');
    expect(packed).toContain('out/main/index.js');
    expect(packed).toContain('out/preload/index.cjs');
    expect(packed).toContain('out/renderer/index.html');
    expect(packed).not.toContain('out/main/chunks/sandbox.js');
    expect(packed.filter((file) => file !== 'package.json' && !/^out\/(?:main\/index\.js|main\/chunks\/(?!sandbox\.js)[\w-]+\.js|preload\/index\.cjs|renderer\/)/.test(file))).toEqual([]);
  });

  it("holds, by electron-builder's own collector, no emulator or tsx among its node_modules", async () => {
    const temp = new TmpDir('docstore-packaged-modules');
    try {
      const { nodeModules } = await getCollectorByPackageManager('npm', ROOT, temp).getNodeModules({ packageName: 'document-store-desktop' });
      const names = new Set<string>();
      const visit = (modules: ReadonlyArray<NodeModuleInfo>) => {
        for (const module of modules) {
          names.add(module.name);
          visit(module.dependencies ?? []);
        }
      };
      visit(nodeModules);
      expect(names).toContain('zod');
      expect([...names].filter((name) => DEVELOPMENT_ONLY.includes(name))).toEqual([]);
    } finally {
      await temp.cleanup();
    }
  }, 60_000);
});
