// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExpectedFuses,
  expectedFusesOf,
  FUSE_NAMES,
  FUSE_SENTINEL,
  fuseDifferences,
  packagedBinaries,
  readFuseWires,
  unsetFuses,
} from '../../../scripts/fuse-wire.js';
import { PROJECT_ROOT, runTsx } from '../../support/run-script.js';

const BYTE = { disabled: '0', enabled: '1', removed: 'r' } as const;

/** A fake binary: filler, the sentinel, version, length and one byte per fuse, then more filler. */
function binaryWithWire(states: ReadonlyArray<keyof typeof BYTE>, version = 1): Buffer {
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([version, states.length]), Buffer.from(states.map((state) => BYTE[state]).join(''))]);
  return Buffer.concat([Buffer.alloc(4096, 0xcc), wire, Buffer.alloc(4096, 0x00)]);
}

/** The wire electron-builder.yml asks for, fuse by fuse in wire order. */
function statesFor(expected: ExpectedFuses): Array<keyof typeof BYTE> {
  return FUSE_NAMES.map((name) => (expected[name] === true ? 'enabled' : 'disabled'));
}

let expected: ExpectedFuses;
let folder: string;

beforeAll(async () => {
  const config = load(await readFile(join(PROJECT_ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses: unknown };
  expected = expectedFusesOf(config.electronFuses);
  folder = await mkdtemp(join(tmpdir(), 'docstore-fuses-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('readFuseWires', () => {
  it('reads the version and each fuse\'s state after the sentinel', () => {
    expect(readFuseWires(binaryWithWire(['disabled', 'enabled', 'removed']))).toEqual([{ version: 1, states: ['disabled', 'enabled', 'removed'] }]);
  });

  it('reads both slices of a macOS universal binary', () => {
    const universal = Buffer.concat([binaryWithWire(['disabled']), binaryWithWire(['enabled'])]);
    expect(readFuseWires(universal).map((wire) => wire.states)).toEqual([['disabled'], ['enabled']]);
  });

  it('finds no wire in a file that is not an Electron binary, and marks a byte it does not know', () => {
    expect(readFuseWires(Buffer.from('{"name": "not electron"}'))).toEqual([]);
    const odd = binaryWithWire(['disabled']);
    odd[odd.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2] = 0x7a;
    expect(readFuseWires(odd)[0]?.states).toEqual(['unknown']);
  });
});

describe('fuseDifferences against electron-builder.yml', () => {
  it('finds none when the binary is as electron-builder.yml says', () => {
    const [wire] = readFuseWires(binaryWithWire(statesFor(expected)));
    expect(wire && fuseDifferences(wire, expected)).toEqual([]);
  });

  it('sets every fuse electron-builder can set, and runAsNode off', () => {
    expect(Object.keys(expected).toSorted()).toEqual([...FUSE_NAMES].toSorted());
    expect(expected.runAsNode).toBe(false);
  });

  it('names each fuse that differs, with both states', () => {
    const states = statesFor(expected);
    states[FUSE_NAMES.indexOf('runAsNode')] = 'enabled';
    states[FUSE_NAMES.indexOf('enableEmbeddedAsarIntegrityValidation')] = 'disabled';
    const [wire] = readFuseWires(binaryWithWire(states));
    expect(wire && fuseDifferences(wire, expected)).toEqual([
      'runAsNode is enabled in the binary; electron-builder.yml says disabled',
      'enableEmbeddedAsarIntegrityValidation is disabled in the binary; electron-builder.yml says enabled',
    ]);
  });

  it('reports a fuse Electron removed, a wire too short, a name it does not know and a wire version it cannot read', () => {
    const [removed] = readFuseWires(binaryWithWire(['removed']));
    expect(removed && fuseDifferences(removed, { runAsNode: false })).toEqual(['runAsNode is removed in the binary; electron-builder.yml says disabled']);
    const [short] = readFuseWires(binaryWithWire(['disabled']));
    expect(short && fuseDifferences(short, { onlyLoadAppFromAsar: true, noSuchFuse: true })).toEqual([
      'onlyLoadAppFromAsar is not in this Electron\'s fuse wire (1 fuses)',
      'noSuchFuse is not a fuse this check knows',
    ]);
    const [future] = readFuseWires(binaryWithWire(['disabled'], 2));
    expect(future && fuseDifferences(future, { runAsNode: false })).toEqual(['the fuse wire is version 2; this check reads version 1 only']);
  });

  it('lists fuses of a newer Electron that electron-builder.yml does not set', () => {
    const [wire] = readFuseWires(binaryWithWire([...statesFor(expected), 'enabled']));
    expect(wire && unsetFuses(wire, expected)).toEqual(['fuse 8 (enabled)']);
  });

  it('refuses an electronFuses value that is not a boolean, and skips electron-builder\'s own options', () => {
    expect(() => expectedFusesOf({ runAsNode: 'false' })).toThrow('electronFuses.runAsNode to "false", not true or false');
    expect(() => expectedFusesOf(undefined)).toThrow('no electronFuses section');
    expect(expectedFusesOf({ runAsNode: false, resetAdHocDarwinSignature: true })).toEqual({ runAsNode: false });
  });
});

describe('packagedBinaries', () => {
  it('finds the Linux executable, the Windows .exe and the macOS framework of each unpacked app, and nothing else', async () => {
    const output = join(folder, 'dist');
    const framework = join('Document Store Desktop.app', 'Contents', 'Frameworks', 'Electron Framework.framework');
    for (const path of ['linux-unpacked', 'win-unpacked', join('mac-arm64', framework), join('mac', framework), 'builder-debug']) {
      await mkdir(join(output, path), { recursive: true });
    }
    const files = [
      join(output, 'linux-unpacked', 'document-store-desktop'),
      join(output, 'win-unpacked', 'Document Store Desktop.exe'),
      join(output, 'mac-arm64', framework, 'Electron Framework'),
      join(output, 'mac', framework, 'Electron Framework'),
    ];
    for (const file of [...files, join(output, 'document-store-desktop-0.1.0-linux-x64.AppImage')]) {
      await writeFile(file, '');
    }
    expect((await packagedBinaries(output, 'Document Store Desktop', 'document-store-desktop')).toSorted()).toEqual(files.toSorted());
  });

  it('finds nothing when there is no output folder', async () => {
    expect(await packagedBinaries(join(folder, 'missing'), 'Document Store Desktop', 'document-store-desktop')).toEqual([]);
  });
});

describe('scripts/check-fuses.ts', () => {
  it('passes a binary as electron-builder.yml says and fails one with runAsNode on, naming it', { timeout: 30_000 }, async () => {
    const good = join(folder, 'good-electron');
    const bad = join(folder, 'bad-electron');
    await writeFile(good, binaryWithWire(statesFor(expected)));
    await writeFile(bad, binaryWithWire(statesFor({ ...expected, runAsNode: true })));

    const passed = await runTsx('scripts/check-fuses.ts', [good], {});
    expect(passed).toMatchObject({ code: 0, stdout: `OK   ${good}\n` });
    const failed = await runTsx('scripts/check-fuses.ts', [good, bad], {});
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`FAIL ${bad}\n       runAsNode is enabled in the binary; electron-builder.yml says disabled\n`);
  });
});
