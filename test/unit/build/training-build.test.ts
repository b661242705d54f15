// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../../electron.vite.config.js';
import { SANDBOX_EXCLUSION, ordinaryConfig, trainingConfig } from '../../../scripts/electron-builder-training.js';
import { EMULATOR_PACKAGES } from '../../../scripts/emulator-packages.js';

// The training build's configuration, judged with electron-builder's own loader, validator, matcher and copier
// (packaging itself needs the Electron download): the sandbox goes in, and its emulators load from what it ships.

const ROOT = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

type Config = ReturnType<typeof trainingConfig>;
interface FileMatcher {
  readonly from: string;
  readonly to: string;
  createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
}
interface FileMatcherModule {
  readonly getFileMatchers: (
    config: Config,
    name: 'files' | 'extraResources',
    destination: string,
    options: { macroExpander: (pattern: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
  ) => FileMatcher[] | null;
  readonly copyFiles: (matchers: FileMatcher[], transformer: null, isUseHardLink: boolean) => Promise<unknown>;
}
interface AppBuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
}

const { getFileMatchers, copyFiles } = require('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const appBuilderLib = require('app-builder-lib/out/util/config/config.js') as AppBuilderConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (isEnabled: boolean) => unknown };

const FILE = { isDirectory: () => false };
const FOLDER = { isDirectory: () => true };

function matchers(config: Config, name: 'files' | 'extraResources', destination: string): FileMatcher[] {
  return getFileMatchers(config, name, destination, { macroExpander: (pattern) => pattern, customBuildOptions: {}, globalOutDir: 'dist', defaultSrc: ROOT }) ?? [];
}

/** The candidates electron-builder's `files` matcher packs into app.asar. */
function packed(config: Config, candidates: ReadonlyArray<string>): string[] {
  const filter = matchers(config, 'files', 'app')[0]?.createFilter();
  return candidates.filter((file) => filter?.(join(ROOT, file), FILE) === true);
}

describe('the training build', () => {
  const training = trainingConfig(ROOT);
  const ordinary = ordinaryConfig(ROOT);

  it("loads and validates through electron-builder's own loader, as `npm run dist:training` runs it", async () => {
    const loaded = await appBuilderLib.getConfig(ROOT, join(ROOT, 'scripts/electron-builder-training.ts'), null);
    expect(loaded).toMatchObject({ appId: 'uk.nhs.documentstore.desktop.training', productName: 'Document Store Desktop (training)' });
    await expect(appBuilderLib.validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('installs as another app beside the real one: its own id, name, data folder, executable, MSI code and file names', () => {
    expect(training).toMatchObject({
      appId: 'uk.nhs.documentstore.desktop.training',
      productName: 'Document Store Desktop (training)',
      extraMetadata: { name: 'document-store-desktop-training', productName: 'Document Store Desktop (training)' },
      linux: { executableName: 'document-store-desktop-training' },
    });
    expect(training.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-(?:[0-9A-F]{4}-){3}[0-9A-F]{12}$/);
    expect(training.msi?.upgradeCode).not.toBe(ordinary.msi?.upgradeCode);
    for (const name of [training.artifactName, training.nsis?.artifactName, training.msi?.artifactName]) {
      expect(name).toMatch(/^document-store-desktop-training-\$\{version\}-/);
    }
    // Everything else is the ordinary build's: fuses, targets, signing, no updates.
    expect(training.electronFuses).toEqual(ordinary.electronFuses);
    expect(training.publish).toBeNull();
  });

  it("packs the sandbox chunk by electron-builder's own matcher, where the ordinary build leaves it out", () => {
    const candidates = [
      'package.json',
      'out/main/index.js',
      'out/main/chunks/sandbox.js',
      'out/main/chunks/fhir-patient.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'main/sandbox/emulators.ts',
      'scripts/electron-builder-training.ts',
      'node_modules/dynalite/package.json',
    ];
    const ordinaryFiles = packed(ordinary, candidates);
    expect(ordinaryFiles).not.toContain('out/main/chunks/sandbox.js');
    expect(ordinary.files).toContain(SANDBOX_EXCLUSION);
    expect(packed(training, candidates)).toEqual([...ordinaryFiles, 'out/main/chunks/sandbox.js'].sort((a, b) => candidates.indexOf(a) - candidates.indexOf(b)));
  });

  it('ships the emulators and what they need beside app.asar, and nothing else from node_modules', () => {
    expect(matchers(ordinary, 'extraResources', 'resources')).toEqual([]);
    const resources = join(tmpdir(), 'resources');
    const [modules, ...others] = matchers(training, 'extraResources', resources);
    expect(others).toEqual([]);
    expect(modules?.from).toBe(join(ROOT, 'node_modules'));
    expect(modules?.to).toBe(join(resources, 'node_modules'));
    const filter = modules?.createFilter();
    const ships = (path: string, stat = FILE) => filter?.(join(ROOT, 'node_modules', path), stat) === true;
    for (const name of EMULATOR_PACKAGES) {
      expect(ships(name, FOLDER), name).toBe(true);
      expect(ships(`${name}/package.json`), name).toBe(true);
    }
    expect(ships('classic-level/package.json')).toBe(true);
    expect(ships('koa/package.json')).toBe(true);
    for (const name of ['tsx', 'electron', 'vitest', 'typescript', 'electron-builder', '@aws-sdk/client-s3']) {
      expect(ships(name, FOLDER), name).toBe(false);
      expect(ships(`${name}/package.json`), name).toBe(false);
    }
  });

  it('reads __TRAINING_BUILD__ as true only in the training mode of the bundler', () => {
    const defined = (mode: string): unknown => viteConfig({ command: 'build', mode }).main?.define?.__TRAINING_BUILD__;
    expect(defined('training')).toBe('true');
    expect(defined('production')).toBe('false');
  });

  describe('what it ships, copied as electron-builder copies it', () => {
    let stage: string;

    beforeAll(async () => {
      stage = await mkdtemp(join(tmpdir(), 'docstore-training-'));
      await copyFiles(matchers(training, 'extraResources', join(stage, 'resources')), null, false);
    }, 60_000);
    afterAll(async () => {
      await rm(stage, { recursive: true, force: true });
    });

    it('lets the sandbox chunk load every emulator from resources/node_modules, dynalite with its native database', async () => {
      // Where the sandbox chunk sits in a packaged app, with no node_modules of the project above it.
      const chunks = join(stage, 'resources', 'app', 'out', 'main', 'chunks');
      await mkdir(chunks, { recursive: true });
      await writeFile(
        join(chunks, 'probe.mjs'),
        [
          "import { createRequire } from 'node:module';",
          'const require = createRequire(import.meta.url);',
          "await import('local-aws-sqs');",
          "await import('oidc-provider');",
          "const server = require('dynalite')({ createTableMs: 0 });",
          'await new Promise((resolve) => server.listen(0, resolve));',
          'await new Promise((resolve) => server.close(resolve));',
          "console.log(JSON.stringify(['dynalite/db/index.js', 'local-aws-sqs', 'classic-level'].map((name) => require.resolve(name)).concat(import.meta.resolve('oidc-provider'))));",
        ].join('\n'),
      );
      const { stdout } = await promisify(execFile)(process.execPath, [join(chunks, 'probe.mjs')], { cwd: stage });
      const resolved = JSON.parse(stdout) as string[];
      expect(resolved).toHaveLength(4);
      for (const path of resolved) {
        expect(path.replace(/^file:\/\//, '')).toContain(join(stage, 'resources', 'node_modules'));
      }
    }, 60_000);
  });
});
