/**
 * Reading the Windows Group Policy settings: the values under HKLM\Software\Policies\<vendor>\<app> that the ADMX
 * templates (build/policy/windows) declare, one per setting, named by its field path: REG_SZ for text, REG_DWORD for
 * whole numbers and for true (1) or false (0).
 *
 * No native module: `reg.exe query` prints the key and its output is parsed. Only administrators (and Group Policy,
 * as SYSTEM) can write under HKLM\Software\Policies, so unlike the policy file there is nothing to check before
 * trusting it.
 */
import { execFile } from 'node:child_process';
import { POLICY_REGISTRY_KEY } from '../../cli/policy/policy-settings.js';
import type { ChannelReading, ChannelSetting } from './policy-channel.js';
import { isPolicyGroup, policyLeaf, type PolicyValueKind } from './policy-fields.js';

/** The key the ADMX templates write, as reg.exe names it. */
export const POLICY_REGISTRY_PATH = `HKLM\\${POLICY_REGISTRY_KEY}`;

/** One value as `reg query` prints it: its key, name, type and data (as text). */
export interface RegistryValue {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

/** What running reg.exe gave: its exit code (0 found, 1 no such key) and its output. */
export interface RegOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs reg.exe with the arguments; rejects only when it could not be run (missing, timed out). */
export type RegRunner = (args: ReadonlyArray<string>) => Promise<RegOutput>;

// Four spaces separate a value's name, type and data; the data may be empty (then its separator may be missing).
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/** The values `reg query <key> /s` printed, each with the key it is under. */
export function parseRegQuery(output: string): RegistryValue[] {
  const values: RegistryValue[] = [];
  let key = '';
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      key = line.trim();
      continue;
    }
    const match = VALUE_LINE.exec(line);
    if (match !== null) {
      values.push({ key, name: match[1] ?? '', type: match[2] ?? '', data: match[3] ?? '' });
    }
  }
  return values;
}

/** Reads the policies key: its settings, none when the key does not exist, a problem when reg.exe could not answer. */
export async function readRegistryPolicy(run: RegRunner = runReg): Promise<ChannelReading> {
  let output: RegOutput;
  try {
    // /reg:64: the 64-bit view, where Group Policy writes, whatever this process's bitness.
    output = await run(['query', POLICY_REGISTRY_PATH, '/s', '/reg:64']);
  } catch (error) {
    return { ok: false, problem: `The Windows registry policy key ${POLICY_REGISTRY_PATH} could not be read (${error instanceof Error ? error.message : String(error)}). Ask your IT team to check it.` };
  }
  // reg.exe exits 1 when the key does not exist (its message is in the display language, so only the code is used).
  if (output.exitCode === 1 && output.stdout.trim() === '') {
    return { ok: true, value: { channel: 'registry', settings: [] } };
  }
  if (output.exitCode !== 0) {
    const said = output.stderr.trim() || output.stdout.trim();
    return { ok: false, problem: `The Windows registry policy key ${POLICY_REGISTRY_PATH} could not be read (reg.exe exit code ${output.exitCode}${said === '' ? '' : `: ${said}`}). Ask your IT team to check it.` };
  }
  return { ok: true, value: { channel: 'registry', settings: registrySettings(parseRegQuery(output.stdout)) } };
}

/** Each value as a setting: converted to the kind its field needs, or with why it is ignored. */
export function registrySettings(values: ReadonlyArray<RegistryValue>): ChannelSetting[] {
  const top = POLICY_REGISTRY_PATH.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();
  return values.map((value): ChannelSetting => {
    const location = value.key === '' ? POLICY_REGISTRY_PATH : value.key;
    const found = shownRegistryValue(value);
    if (value.key !== '' && value.key.toLowerCase() !== top) {
      return { field: `${value.key.slice(top.length + 1)}\\${value.name}`, value: found, location, error: 'is in a subkey; every setting is a value of the policy key itself, named by its field path (for example "saveFolder.path")' };
    }
    const leaf = policyLeaf(value.name);
    if (leaf === undefined) {
      const why = isPolicyGroup(value.name)
        ? `is a group: set its parts as separate values (for example "${value.name}.${value.name === 'saveFolder' ? 'path' : 's3'}")`
        : 'is not a setting this version knows, so it is ignored (see docs/policy.md)';
      return { field: value.name, value: found, location, error: why };
    }
    const converted = convert(value, leaf.kind);
    return converted.ok ? { field: leaf.field, value: converted.value, location } : { field: leaf.field, value: found, location, error: converted.error };
  });
}

function convert(value: RegistryValue, kind: PolicyValueKind): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const expected = kind === 'string' ? 'REG_SZ (text)' : kind === 'integer' ? 'REG_DWORD (a whole number)' : 'REG_DWORD (1 for true, 0 for false)';
  const wrongType = { ok: false as const, error: `must be a ${expected} value, not ${value.type}` };
  if (kind === 'string') {
    return value.type === 'REG_SZ' ? { ok: true, value: value.data } : wrongType;
  }
  if (value.type !== 'REG_DWORD') {
    return wrongType;
  }
  const number = Number.parseInt(value.data, 16);
  if (kind === 'integer') {
    return { ok: true, value: number };
  }
  return number === 0 || number === 1 ? { ok: true, value: number === 1 } : { ok: false, error: `must be 1 (true) or 0 (false), not ${number}` };
}

// What the page shows for a value the app cannot use: its data as a person reads it, with its type when that is the fault.
function shownRegistryValue(value: RegistryValue): unknown {
  switch (value.type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return `${value.type} ${Number.parseInt(value.data, 16)}`;
    case 'REG_MULTI_SZ':
      return `${value.type} ${value.data.split('\\0').join(', ')}`;
    default:
      return `${value.type} ${value.data}`;
  }
}

// reg.exe prints in the console's code page; text outside ASCII may not survive (see docs/it-administrators.md).
function runReg(args: ReadonlyArray<string>): Promise<RegOutput> {
  return new Promise((resolve, reject) => {
    execFile('reg.exe', [...args], { windowsHide: true, timeout: 15_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ exitCode: 0, stdout, stderr });
      } else if (typeof error.code === 'number' && error.killed !== true) {
        resolve({ exitCode: error.code, stdout, stderr });
      } else {
        reject(new Error(error.message));
      }
    });
  });
}
