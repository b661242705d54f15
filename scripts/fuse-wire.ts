/**
 * Electron's fuse wire: where electron-builder leaves the binaries that hold it, read from one, and compared with
 * electron-builder.yml's `electronFuses`.
 *
 * The wire is a sentinel string followed by a version byte, a length byte and one byte per fuse: '0' disabled,
 * '1' enabled, 'r' removed by Electron. The format and the fuse order are @electron/fuses' (`FuseV1Options`); this
 * reads them itself because that package is only a transitive dependency of electron-builder.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const SUPPORTED_WIRE_VERSION = 1;

/** electron-builder's name for each fuse, in wire order. */
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/** `electronFuses` keys that are options of electron-builder's, not fuses. */
const NOT_FUSES: ReadonlySet<string> = new Set(['resetAdHocDarwinSignature']);

const STATE_OF_BYTE: ReadonlyMap<number, FuseState> = new Map([
  [0x30, 'disabled'],
  [0x31, 'enabled'],
  [0x72, 'removed'],
]);

export type FuseState = 'enabled' | 'disabled' | 'removed' | 'unknown';

export interface FuseWire {
  readonly version: number;
  /** One state per fuse, in wire order. */
  readonly states: ReadonlyArray<FuseState>;
}

/** The fuses as electron-builder.yml sets them: a fuse name and whether it is enabled. */
export type ExpectedFuses = Readonly<Record<string, boolean>>;

/**
 * Every fuse wire in a binary: one, or two in a macOS universal binary (one per architecture slice).
 * Empty when the binary has none, which is not an Electron 12+ binary.
 */
export function readFuseWires(binary: Uint8Array): FuseWire[] {
  const bytes = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const wires: FuseWire[] = [];
  for (let at = bytes.indexOf(FUSE_SENTINEL); at !== -1; at = bytes.indexOf(FUSE_SENTINEL, at + FUSE_SENTINEL.length)) {
    const versionAt = at + FUSE_SENTINEL.length;
    const length = bytes[versionAt + 1] ?? 0;
    const states = [...bytes.subarray(versionAt + 2, versionAt + 2 + length)].map((byte) => STATE_OF_BYTE.get(byte) ?? 'unknown');
    wires.push({ version: bytes[versionAt] ?? 0, states });
  }
  return wires;
}

/** The `electronFuses` section of electron-builder.yml as fuse names and booleans; throws on a value that is not one. */
export function expectedFusesOf(electronFuses: unknown): ExpectedFuses {
  if (electronFuses === null || typeof electronFuses !== 'object' || Array.isArray(electronFuses)) {
    throw new Error('electron-builder.yml has no electronFuses section to check against.');
  }
  const expected: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(electronFuses)) {
    if (NOT_FUSES.has(name)) {
      continue;
    }
    if (typeof value !== 'boolean') {
      throw new Error(`electron-builder.yml sets electronFuses.${name} to ${JSON.stringify(value)}, not true or false.`);
    }
    expected[name] = value;
  }
  return expected;
}

/** Each way the wire differs from what electron-builder.yml sets, in words; empty when they agree. */
export function fuseDifferences(wire: FuseWire, expected: ExpectedFuses): string[] {
  if (wire.version !== SUPPORTED_WIRE_VERSION) {
    return [`the fuse wire is version ${wire.version}; this check reads version ${SUPPORTED_WIRE_VERSION} only`];
  }
  return Object.entries(expected).flatMap(([name, enabled]) => {
    const index = (FUSE_NAMES as ReadonlyArray<string>).indexOf(name);
    if (index === -1) {
      return [`${name} is not a fuse this check knows`];
    }
    const state = wire.states[index];
    const wanted = enabled ? 'enabled' : 'disabled';
    if (state === undefined) {
      return [`${name} is not in this Electron's fuse wire (${wire.states.length} fuses)`];
    }
    return state === wanted ? [] : [`${name} is ${state} in the binary; electron-builder.yml says ${wanted}`];
  });
}

/** Fuses in the wire that electron-builder.yml does not set (a newer Electron's), named by position when unknown. */
export function unsetFuses(wire: FuseWire, expected: ExpectedFuses): string[] {
  return wire.states.flatMap((state, index) => {
    const name = FUSE_NAMES[index] ?? `fuse ${index}`;
    return name in expected ? [] : [`${name} (${state})`];
  });
}

/** The file holding the fuse wire in each unpacked app electron-builder leaves in `output`. */
export async function packagedBinaries(output: string, productName: string, linuxExecutable: string): Promise<string[]> {
  const folders = existsSync(output) ? await readdir(output) : [];
  return folders
    .flatMap((folder) => {
      if (/^linux(-\w+)?-unpacked$/.test(folder)) {
        return [join(output, folder, linuxExecutable)];
      }
      if (/^win(-\w+)?-unpacked$/.test(folder)) {
        return [join(output, folder, `${productName}.exe`)];
      }
      if (/^mac(-\w+)?$/.test(folder)) {
        // On macOS the wire is in the framework, not in the app's small launcher.
        return [join(output, folder, `${productName}.app`, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework')];
      }
      return [];
    })
    .filter((binary) => existsSync(binary));
}
