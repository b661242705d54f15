import { chmod, chown, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { policyTrustCheck, posixDistrust, untrustedWindowsWriters } from '../../../main/config/policy-trust.js';

const posix = process.platform !== 'win32';
const root = posix && process.getuid?.() === 0;

describe.runIf(posix)('policyTrustCheck on POSIX, on real files', () => {
  let dir: string;
  const check = policyTrustCheck();

  async function verdict(path: string): Promise<string | undefined> {
    const file = await open(path, 'r');
    try {
      return await check(file, path);
    } finally {
      await file.close();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-trust-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trusts a root-owned file that only root can write (/etc/passwd)', async () => {
    expect(await verdict('/etc/passwd')).toBeUndefined();
  });

  it('distrusts a file every user can write', async () => {
    const path = join(dir, 'world.json');
    await writeFile(path, '{}');
    await chmod(path, 0o666);
    expect(await verdict(path)).toMatch(root ? /^can be changed by every user \(mode 666; fix: sudo chmod 644 <file>\)$/ : /^is owned by user id \d+, not root/);
  });

  it.runIf(root)('distrusts a root-owned file its group can write', async () => {
    const path = join(dir, 'group.json');
    await writeFile(path, '{}');
    await chmod(path, 0o664);
    expect(await verdict(path)).toBe('can be changed by its group (mode 664; fix: sudo chmod 644 <file>)');
  });

  it('distrusts a file owned by another user, even at mode 644', async () => {
    const path = join(dir, 'user.json');
    await writeFile(path, '{}');
    await chmod(path, 0o644);
    if (root) {
      await chown(path, 1000, 1000);
    }
    expect(await verdict(path)).toMatch(/^is owned by user id [1-9]\d*, not root \(fix: sudo chown root:root <file>\)$/);
  });
});

describe('posixDistrust', () => {
  const stats = (uid: number, mode: number, isFile = true) => ({ uid, mode, isFile: () => isFile });

  it('trusts root-owned files at 644, 640 and 600', () => {
    for (const mode of [0o100644, 0o100640, 0o100600]) {
      expect(posixDistrust(stats(0, mode))).toBeUndefined();
    }
  });

  it('distrusts anything else', () => {
    expect(posixDistrust(stats(0, 0o100646))).toMatch(/every user/);
    expect(posixDistrust(stats(0, 0o100664))).toMatch(/its group/);
    expect(posixDistrust(stats(501, 0o100644))).toMatch(/user id 501/);
    expect(posixDistrust(stats(0, 0o040755, false))).toBe('is not a regular file');
  });
});

describe('untrustedWindowsWriters: the SDDL icacls /save writes', () => {
  it('finds none in the ACL the installer sets: SYSTEM and Administrators full control, Users read', () => {
    expect(untrustedWindowsWriters('D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)')).toEqual([]);
    expect(untrustedWindowsWriters('O:BAG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FR;;;BU)')).toEqual([]);
  });

  it("finds Users' write and modify rights, as C:\\ProgramData grants them by default", () => {
    const programDataDefault = 'D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)(A;OICIIOID;GA;;;CO)(A;ID;0x100116;;;BU)';
    expect(untrustedWindowsWriters(programDataDefault)).toEqual(['BU']);
    expect(untrustedWindowsWriters('D:(A;;FA;;;WD)(A;;0x1301bf;;;AU)')).toEqual(['WD', 'AU']);
    expect(untrustedWindowsWriters('D:(A;;GW;;;S-1-5-21-1-2-3-1001)')).toEqual(['S-1-5-21-1-2-3-1001']);
  });

  it('ignores deny entries and inherit-only (IO) entries, reading the flags in pairs', () => {
    expect(untrustedWindowsWriters('D:(D;;FA;;;BU)(A;OICIIO;GA;;;AU)(A;IOCI;GA;;;IU)')).toEqual([]);
    // "CIOI" is CI and OI: the entry applies to the file, though the letters "IO" appear in it.
    expect(untrustedWindowsWriters('D:(A;CIOI;FA;;;BU)')).toEqual(['BU']);
  });

  it('counts the right to change permissions or the owner as write access', () => {
    expect(untrustedWindowsWriters('D:(A;;WD;;;BU)(A;;WO;;;AU)(A;;0x10000;;;IU)')).toEqual(['BU', 'AU', 'IU']);
  });
});
