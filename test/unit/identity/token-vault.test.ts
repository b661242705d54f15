// @vitest-environment node
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OsCipher, type SavedSession, VAULT_FILE_NAME, encryptedTokenVault } from '../../../main/identity/token-vault.js';

// The vault on disk with a cipher of the test's own in the shape of Electron's safeStorage: the bytes on disk are
// read back to show that no token is ever there in plain text.

const SAVED: SavedSession = { refreshToken: 'rt-4b1d-plain-refresh-token-value', personRoleId: '555000000001-1', lastActiveAt: 1_736_154_000_000 };
const KEY = 0x5a;

/** Encrypts by XOR with a key byte behind a version header, as safeStorage prefixes "v10"; refuses other headers. */
function testCipher(options: { readonly available?: boolean; readonly key?: number } = {}): OsCipher & { encrypted: number } {
  const key = options.key ?? KEY;
  const cipher = {
    encrypted: 0,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plainText: string): Buffer {
      cipher.encrypted += 1;
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plainText, 'utf8').map((byte) => byte ^ key)]);
    },
    decryptString(encrypted: Buffer): string {
      if (encrypted.subarray(0, 3).toString() !== 'v10') {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
      const plain = Buffer.from(encrypted.subarray(3).map((byte) => byte ^ key));
      if (key !== KEY) {
        // Another user's key yields bytes that are not the text that was saved.
        plain.reverse();
      }
      return plain.toString('utf8');
    },
  };
  return cipher;
}

let dataDir: string;
const vaultFile = (): string => join(dataDir, VAULT_FILE_NAME);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'token-vault-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('encryptedTokenVault', () => {
  it('keeps the session encrypted, never in plain text, and gives it back', async () => {
    const vault = encryptedTokenVault(dataDir, testCipher());
    await vault.save(SAVED);

    const bytes = await readFile(vaultFile());
    expect(bytes.includes(Buffer.from(SAVED.refreshToken))).toBe(false);
    expect(bytes.includes(Buffer.from('refreshToken'))).toBe(false);
    expect(bytes.includes(Buffer.from(SAVED.personRoleId))).toBe(false);
    expect(await vault.load()).toEqual(SAVED);
    expect(await readdir(dataDir)).toEqual([VAULT_FILE_NAME]);
  });

  it.skipIf(process.platform === 'win32')('writes the file for the current user only', async () => {
    await encryptedTokenVault(dataDir, testCipher()).save(SAVED);
    expect((await stat(vaultFile())).mode & 0o777).toBe(0o600);
  });

  it('replaces the session kept before', async () => {
    const vault = encryptedTokenVault(dataDir, testCipher());
    await vault.save(SAVED);
    const next = { ...SAVED, refreshToken: 'rt-next', lastActiveAt: SAVED.lastActiveAt + 1000 };
    await vault.save(next);
    expect(await vault.load()).toEqual(next);
  });

  it('keeps nothing, and reads nothing, when the OS has no cipher', async () => {
    const cipher = testCipher({ available: false });
    const vault = encryptedTokenVault(dataDir, cipher);
    await vault.save(SAVED);
    expect(await readdir(dataDir)).toEqual([]);
    expect(cipher.encrypted).toBe(0);

    await encryptedTokenVault(dataDir, testCipher()).save(SAVED);
    expect(await vault.load()).toBeUndefined();
  });

  it('has nothing to give when nothing was kept', async () => {
    const vault = encryptedTokenVault(dataDir, testCipher());
    expect(await vault.load()).toBeUndefined();
    await expect(vault.clear()).resolves.toBeUndefined();
  });

  it('forgets the session on clear', async () => {
    const vault = encryptedTokenVault(dataDir, testCipher());
    await vault.save(SAVED);
    await vault.clear();
    expect(await readdir(dataDir)).toEqual([]);
    expect(await vault.load()).toBeUndefined();
  });

  it('leaves no token behind when a sign-out follows the save at once', async () => {
    const vault = encryptedTokenVault(dataDir, testCipher());
    const saving = vault.save(SAVED);
    const clearing = vault.clear();
    await Promise.all([saving, clearing]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it.each([
    ['damaged bytes', Buffer.from('not encrypted at all')],
    ['an encrypted text that is not JSON', testCipher().encryptString('{"refreshToken":')],
    ['an encrypted session of another shape', testCipher().encryptString(JSON.stringify({ ...SAVED, lastActiveAt: -1 }))],
    ['an encrypted session with extra fields', testCipher().encryptString(JSON.stringify({ ...SAVED, accessToken: 'at' }))],
  ])('removes a file it can never use: %s', async (_name, bytes) => {
    await writeFile(vaultFile(), bytes);
    const vault = encryptedTokenVault(dataDir, testCipher());
    expect(await vault.load()).toBeUndefined();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('removes a file encrypted with another user’s key', async () => {
    await encryptedTokenVault(dataDir, testCipher({ key: 0x33 })).save(SAVED);
    expect(await encryptedTokenVault(dataDir, testCipher()).load()).toBeUndefined();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('only means signing in again when the file cannot be written or encrypted', async () => {
    const missingFolder = encryptedTokenVault(join(dataDir, 'not-there'), testCipher());
    await expect(missingFolder.save(SAVED)).resolves.toBeUndefined();
    const failingCipher = {
      ...testCipher(),
      encryptString: (): Buffer => {
        throw new Error('Encryption is not available.');
      },
    };
    const vault = encryptedTokenVault(dataDir, failingCipher);
    await expect(vault.save(SAVED)).resolves.toBeUndefined();
    expect(await readdir(dataDir)).toEqual([]);
  });
});
