/**
 * Whether the machine policy file can be trusted: only administrators may be able to change it. A policy any user can
 * write would let that user set the endpoints, the proxy and the save folder for everyone on the computer.
 */
import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Undefined when the file may be trusted; otherwise why not, as the end of "…is ignored because it …". */
export type PolicyDistrust = string | undefined;

/** Checks an open policy file the way its OS allows: owner and mode on POSIX, the ACL on Windows. */
export type PolicyTrustCheck = (file: FileHandle, path: string) => Promise<PolicyDistrust>;

/** The check for the OS this process runs on. */
export function policyTrustCheck(platform: NodeJS.Platform = process.platform): PolicyTrustCheck {
  return platform === 'win32' ? windowsTrust : async (file) => posixDistrust(await file.stat());
}

/** POSIX: a regular file owned by root that neither its group nor other users can write. */
export function posixDistrust(stats: Pick<Stats, 'uid' | 'mode' | 'isFile'>): PolicyDistrust {
  if (!stats.isFile()) {
    return 'is not a regular file';
  }
  if (stats.uid !== 0) {
    return `is owned by user id ${stats.uid}, not root (fix: sudo chown root:root <file>)`;
  }
  if ((stats.mode & 0o022) !== 0) {
    return `can be changed by ${(stats.mode & 0o002) === 0 ? 'its group' : 'every user'} (mode ${(stats.mode & 0o777).toString(8)}; fix: sudo chmod 644 <file>)`;
  }
  return undefined;
}

// Principals that may write the policy: SYSTEM, Administrators, TrustedInstaller, and "creator owner" entries, which
// apply only to files created later (by an administrator, since no one else may create files here).
const TRUSTED_WRITERS = new Set(['SY', 'BA', 'S-1-5-18', 'S-1-5-32-544', 'CO', 'S-1-3-0', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);

// Rights that let a principal change the file or its permissions: FILE_WRITE_DATA, FILE_APPEND_DATA, FILE_WRITE_EA,
// FILE_WRITE_ATTRIBUTES, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL, GENERIC_WRITE.
const WRITE_MASK = 0x2 | 0x4 | 0x10 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;
const RIGHT_BITS: Readonly<Record<string, number>> = {
  GA: 0x10000000, GW: 0x40000000, GR: 0x80000000, GX: 0x20000000,
  FA: 0x1f01ff, FW: 0x120116, FR: 0x120089, FX: 0x1200a0,
  SD: 0x10000, WD: 0x40000, WO: 0x80000, RC: 0x20000,
};

/**
 * Windows: the principals (as SDDL SIDs) that an ACL allows to change the file, other than administrators and SYSTEM.
 *
 * Reads the DACL of an SDDL string; inherit-only entries (IO) are skipped: they do not apply to the file itself.
 */
export function untrustedWindowsWriters(sddl: string): string[] {
  const dacl = /D:[A-Z]*((?:\([^)]*\))*)/.exec(sddl)?.[1] ?? '';
  const writers: string[] = [];
  for (const [, ace = ''] of dacl.matchAll(/\(([^)]*)\)/g)) {
    const [type = '', flags = '', rights = '', , , sid = ''] = ace.split(';');
    if (type !== 'A' || (flags.match(/../g) ?? []).some((flag) => flag === 'IO') || TRUSTED_WRITERS.has(sid)) {
      continue;
    }
    if ((rightsMask(rights) & WRITE_MASK) !== 0 && !writers.includes(sid)) {
      writers.push(sid);
    }
  }
  return writers;
}

function rightsMask(rights: string): number {
  if (/^0x[0-9a-f]+$/i.test(rights)) {
    return Number.parseInt(rights, 16);
  }
  let mask = 0;
  for (const code of rights.match(/../g) ?? []) {
    mask |= RIGHT_BITS[code] ?? 0;
  }
  return mask;
}

// icacls /save writes each file's name and its SDDL, in UTF-16LE, to the file it is given.
async function windowsTrust(_file: FileHandle, path: string): Promise<PolicyDistrust> {
  const folder = await mkdtemp(join(tmpdir(), 'docstore-acl-'));
  try {
    const saved = join(folder, 'acl.txt');
    await promisify(execFile)('icacls.exe', [path, '/save', saved, '/q'], { windowsHide: true, timeout: 15_000 });
    const sddl = (await readFile(saved)).toString('utf16le');
    const writers = untrustedWindowsWriters(sddl);
    return writers.length === 0
      ? undefined
      : `can be changed by principals other than Administrators and SYSTEM (${writers.join(', ')}); fix its permissions, or reinstall the app, which creates the folder with the right ones`;
  } catch (error) {
    return `could not have its permissions checked with icacls (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
