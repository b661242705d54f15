import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';

// Every workflow in .github/workflows/ checked against the GitHub workflow JSON schema (vendored, see
// .github/workflow-schema/README.md), and against this repository: the npm scripts and vitest projects it runs exist.

const ROOT = join(import.meta.dirname, '../../..');
const WORKFLOWS = join(ROOT, '.github/workflows');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Section = Record<string, Json>;

let validate: (data: unknown) => boolean;
let schemaErrors: () => string;
const workflows = new Map<string, { text: string; data: Section }>();

function section(value: Json | undefined): Section {
  expect(value).toBeTypeOf('object');
  expect(Array.isArray(value)).toBe(false);
  return value as Section;
}

function workflow(name: string): { text: string; data: Section } {
  const found = workflows.get(name);
  expect(found, `${name} is missing from .github/workflows/`).toBeDefined();
  return found!;
}

function jobs(name: string): Section {
  return section(workflow(name).data.jobs);
}

function runLines(value: Json): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(runLines);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, child]) => (key === 'run' && typeof child === 'string' ? [child] : runLines(child)));
}

beforeAll(async () => {
  const schema = JSON.parse(await readFile(join(ROOT, '.github/workflow-schema/github-workflow.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const compiled = ajv.compile(schema);
  validate = (data) => compiled(data);
  schemaErrors = () => (compiled.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
  for (const file of (await readdir(WORKFLOWS)).filter((name) => /\.ya?ml$/.test(name))) {
    const text = await readFile(join(WORKFLOWS, file), 'utf8');
    workflows.set(file, { text, data: section(load(text) as Json) });
  }
});

describe('.github/workflows/ against the GitHub workflow schema', () => {
  it('has the CI and release workflows', () => {
    expect([...workflows.keys()].sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it('validates every workflow file', () => {
    for (const [file, { data }] of workflows) {
      expect(validate(data), `${file}:\n${schemaErrors()}`).toBe(true);
    }
  });

  it('fails on a misspelt key, so a typo fails here before a runner sees it', () => {
    const ci = workflow('ci.yml').data;
    const checks = section(section(ci.jobs).checks);
    const broken = { ...ci, jobs: { ...section(ci.jobs), checks: { ...checks, 'runs-onn': checks['runs-on'] } } };
    expect(validate(broken)).toBe(false);
    expect(schemaErrors()).toContain('runs-onn');
  });
});

describe('.github/workflows/ against this repository', () => {
  it('runs only npm scripts that package.json defines', async () => {
    const scripts = Object.keys((JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Section }).scripts);
    for (const [file, { data }] of workflows) {
      for (const line of runLines(data)) {
        for (const [, script] of line.matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
          expect(scripts, `${file}: npm run ${script}`).toContain(script);
        }
      }
    }
  });

  it('runs only vitest projects that vitest.config.ts defines', async () => {
    const config = await readFile(join(ROOT, 'vitest.config.ts'), 'utf8');
    const projects = [...config.matchAll(/name: '([\w-]+)'/g)].map(([, name]) => name);
    const used = [...workflows.values()].flatMap(({ text }) => [...text.matchAll(/--project (\w+)/g)].map(([, name]) => name));
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) {
      expect(projects).toContain(name);
    }
  });

  it('holds no secret values: signing material is read from the secrets context only', () => {
    for (const [file, { text }] of workflows) {
      expect(text, file).not.toMatch(/BEGIN (?:CERTIFICATE|PRIVATE KEY)|password\s*:\s*['"]?\w/i);
      for (const [, name] of text.matchAll(/(\w*(?:CSC|APPLE)\w*): /g)) {
        expect(text, `${file}: ${name}`).toMatch(new RegExp(`${name}: \\$\\{\\{ secrets\\.${name} \\}\\}`));
      }
    }
  });
});

describe('ci.yml', () => {
  it('runs on every push to main and on pull requests', () => {
    expect(section(workflow('ci.yml').data.on)).toEqual({ push: { branches: ['main'] }, pull_request: null });
  });

  it('typechecks, lints and runs the unit and integration tests on ubuntu', () => {
    const checks = section(jobs('ci.yml').checks);
    expect(checks['runs-on']).toBe('ubuntu-latest');
    const lines = runLines(checks);
    expect(lines).toEqual(expect.arrayContaining(['npm ci', 'npm run -s typecheck', 'npm run -s lint']));
    expect(lines.join('\n')).toMatch(/vitest run --project unit --project renderer --project integration/);
  });

  it('runs the Electron end-to-end suite on ubuntu under xvfb, windows and macos', () => {
    const e2e = section(jobs('ci.yml').e2e);
    const include = section(section(e2e.strategy).matrix).include as Section[];
    expect(include.map((entry) => entry.os)).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(include[0]?.run).toMatch(/^xvfb-run .*vitest run --project e2e$/);
    expect(runLines(e2e).join('\n')).toContain('node node_modules/electron/install.js');
  });
});

describe('release.yml', () => {
  it('runs on version tags only', () => {
    expect(workflow('release.yml').data.on).toEqual({ push: { tags: ['v*.*.*'] } });
  });

  it('builds installers on windows, macos and linux and keeps each platform’s files', () => {
    const matrix = section(section(section(jobs('release.yml').installers).strategy).matrix).include as Section[];
    expect(matrix.map((entry) => [entry.os, entry.platform])).toEqual([
      ['windows-latest', '--win'],
      ['macos-latest', '--mac'],
      ['ubuntu-latest', '--linux'],
    ]);
    const artifacts = matrix.map((entry) => (typeof entry.artifacts === 'string' ? entry.artifacts : '')).join('\n');
    for (const extension of ['exe', 'msi', 'dmg', 'deb', 'AppImage']) {
      expect(artifacts).toContain(`dist/*.${extension}`);
    }
  });

  it('skips macOS signing and notarisation cleanly when the secrets are absent', () => {
    const text = workflow('release.yml').text;
    expect(text).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(text).toContain('--config.mac.notarize=false');
  });

  it('attaches a CycloneDX SBOM and SHA-256 checksums to the release, with write access only there', () => {
    const { installers, release } = jobs('release.yml') as { installers: Section; release: Section };
    expect(workflow('release.yml').data.permissions).toEqual({ contents: 'read' });
    expect(installers.permissions).toBeUndefined();
    expect(release.permissions).toEqual({ contents: 'write' });
    const lines = runLines(release).join('\n');
    expect(lines).toMatch(/npx --yes @cyclonedx\/cyclonedx-npm@\d+\.\d+\.\d+ --omit dev/);
    expect(lines).toContain('sha256sum -- * > SHA256SUMS.txt');
    expect(lines).toMatch(/gh release create .* release\/\*/);
  });
});
