import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';

// electron-builder.yml checked the way electron-builder 26 checks it, without packaging (which needs the Electron
// download): against app-builder-lib's own JSON schema, and through its own loader and validator.

const ROOT = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Section = Record<string, Json>;

interface AppBuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Section | null): Promise<Section>;
  validateConfiguration(config: Section, debugLogger: unknown): Promise<void>;
}

interface BuilderUtilModule {
  DebugLogger: new (isEnabled: boolean) => unknown;
}

const appBuilderLib = require('app-builder-lib/out/util/config/config.js') as AppBuilderConfigModule;
const { DebugLogger } = require('builder-util') as BuilderUtilModule;
// electron-builder parses the YAML with its own js-yaml 4; the test's js-yaml 5 must read it the same way.
const builderYaml = createRequire(require.resolve('app-builder-lib/out/util/config/load.js'))('js-yaml') as { load(text: string): unknown };

let text: string;
let config: Section;
let validate: (data: unknown) => boolean;
let schemaErrors: () => string;

function section(value: Json | undefined): Section {
  expect(value).toBeTypeOf('object');
  expect(Array.isArray(value)).toBe(false);
  return value as Section;
}

/** Every `{ target, arch }` entry of a platform, as electron-builder reads them. */
function targetsOf(platform: string): Section[] {
  const targets = section(config[platform]).target;
  expect(Array.isArray(targets)).toBe(true);
  return (targets as Json[]).map(section);
}

/** Every value at a key anywhere in the configuration, with its path. */
function findKeys(value: Json, wanted: (key: string) => boolean, path = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findKeys(item, wanted, `${path}[${index}]`));
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, child]) => [
    ...(wanted(key) ? [`${path}.${key}`] : []),
    ...findKeys(child, wanted, `${path}.${key}`),
  ]);
}

beforeAll(async () => {
  text = await readFile(join(ROOT, 'electron-builder.yml'), 'utf8');
  config = section(load(text) as Json);
  const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const compiled = ajv.compile(schema);
  validate = (data) => compiled(data);
  // Each error with its params, so a failure names the offending key (`{"additionalProperty":"categry"}`).
  schemaErrors = () => (compiled.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
});

describe('electron-builder.yml is a valid electron-builder 26 configuration', () => {
  it("matches app-builder-lib's scheme.json", () => {
    const valid = validate(config);
    expect(valid, schemaErrors()).toBe(true);
  });

  it('would fail CI on a misspelt key: the schema refuses unknown properties', () => {
    const broken = { ...config, nsis: { ...section(config.nsis), perMachin: true } };
    expect(validate(broken)).toBe(false);
    expect(schemaErrors()).toContain('perMachin');
  });

  it("passes electron-builder's own loader and validator, as `electron-builder` would run them", async () => {
    const loaded = await appBuilderLib.getConfig(ROOT, null, null);
    await expect(appBuilderLib.validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  }, 30_000);

  it("reads the same with electron-builder's js-yaml 4 as with js-yaml 5", () => {
    expect(builderYaml.load(text)).toEqual(config);
  });

  it('stays valid with the Azure Trusted Signing settings the guide passes on the command line', () => {
    const signed = {
      ...config,
      win: {
        ...section(config.win),
        azureSignOptions: {
          publisherName: 'NHS England',
          endpoint: 'https://weu.codesigning.azure.net/',
          certificateProfileName: 'docstore-public',
          codeSigningAccountName: 'nhs-signing',
        },
      },
    };
    expect(validate(signed), schemaErrors()).toBe(true);
  });
});

describe('electron-builder.yml: identity and contents', () => {
  it('keeps the app id and product name: the NSIS GUID and MSI UpgradeCode derive from the id', () => {
    expect(config).toMatchObject({ appId: 'uk.nhs.documentstore.desktop', productName: 'Document Store Desktop' });
  });

  it('packs only the built app and package.json, named one by one, into an asar archive', async () => {
    expect(config.files).toEqual([
      'package.json',
      'out/main/index.js',
      'out/main/chunks/*.js',
      '!out/main/chunks/sandbox.js',
      'out/preload/index.cjs',
      'out/renderer/**',
    ]);
    expect(config.asar).toBe(true);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^out\//);
  });

  it('names every artefact with the version', () => {
    const names = findKeys(config, (key) => key === 'artifactName');
    expect(names.length).toBeGreaterThan(0);
    for (const path of names) {
      const owner = path.split('.').slice(1, -1);
      const name = owner.reduce<Json>((value, key) => section(value)[key]!, config);
      expect(section(name).artifactName, path).toContain('${version}');
    }
  });

  it('keeps the MSI UpgradeCode fixed', () => {
    expect(section(config.msi).upgradeCode).toBe('27FE0541-7A0D-5CC2-A8C6-C17CA82B3BB9');
  });
});

describe('electron-builder.yml: managed Windows installs', () => {
  it('builds both NSIS and MSI installers', () => {
    expect(targetsOf('win').map((target) => target.target)).toEqual(['nsis', 'msi']);
  });

  it('installs NSIS per machine from an assisted (not one-click) installer', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowElevation: true });
  });

  it('installs the MSI per machine (ALLUSERS=1)', () => {
    expect(config.msi).toMatchObject({ perMachine: true });
  });

  it('runs the app without asking for administrator rights', () => {
    expect(section(config.win).requestedExecutionLevel).toBe('asInvoker');
  });
});

describe('electron-builder.yml: macOS and Linux', () => {
  it('builds a dmg with the hardened runtime, notarised when the APPLE_* variables are set', () => {
    expect(targetsOf('mac').map((target) => target.target)).toEqual(['dmg']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
  });

  it('builds a deb and an AppImage', () => {
    expect(targetsOf('linux').map((target) => target.target)).toEqual(['deb', 'AppImage']);
  });
});

describe('electron-builder.yml: no updates, no secrets', () => {
  it('publishes nothing and writes no update metadata', () => {
    expect(config.publish).toBeNull();
    expect(findKeys(config, (key) => key === 'publish')).toEqual(['.publish']);
    expect(config).toMatchObject({ detectUpdateChannel: false, generateUpdatesFilesForAllChannels: false });
    expect(config.nsis).toMatchObject({ differentialPackage: false });
    expect(config.dmg).toMatchObject({ writeUpdateInfo: false });
  });

  it('holds no signing material: certificates and passwords come from environment variables only', () => {
    const secretKeys = /^(cscLink|cscKeyPassword|cscInstallerLink|cscInstallerKeyPassword|certificateFile|certificatePassword|certificateSha1|identity|appleId|appleIdPassword|teamId)$/;
    expect(findKeys(config, (key) => secretKeys.test(key))).toEqual([]);
    expect(text).not.toMatch(/password\s*:|BEGIN (?:CERTIFICATE|PRIVATE KEY)|\.p12\b|\.pfx\b/i);
  });
});

describe('electron-builder.yml: Electron fuses', () => {
  it('flips exactly the fuses the security review asked for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });
});
