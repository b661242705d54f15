/**
 * Where the refresh token waits between runs: one file in the data folder, encrypted by the OS (Electron's
 * safeStorage: DPAPI, the macOS Keychain, libsecret), readable by the current user only. Without an OS cipher
 * nothing is kept and the person signs in at each start; a token is never written in plain text.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { systemErrorCode } from '../errors.js';
import { writeFileAtomically } from '../files/atomic-write.js';

export interface SavedSession {
  readonly refreshToken: string;
  /** The role the person acted in, so a restored session acts in it again. */
  readonly personRoleId: string;
  /** When the person last used the app: a session idle for longer than the time-out is not restored. */
  readonly lastActiveAt: number;
}

export interface TokenVault {
  save(session: SavedSession): Promise<void>;
  load(): Promise<SavedSession | undefined>;
  clear(): Promise<void>;
}

/** Electron's safeStorage, as far as the vault needs it; tests give a cipher of their own. */
export interface OsCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const VAULT_FILE_NAME = 'session.bin';

const savedSession = z.strictObject({
  refreshToken: z.string().min(1).max(16_384),
  personRoleId: z.string().min(1).max(100),
  lastActiveAt: z.number().int().nonnegative(),
});

/** The vault in `dataDir`; failures to read or write it only mean the person signs in again. */
export function encryptedTokenVault(dataDir: string, cipher: OsCipher): TokenVault {
  const file = join(dataDir, VAULT_FILE_NAME);
  // One operation at a time, in the order asked: a sign-out's clear must not overtake the save of the sign-in before it
  // and leave a refresh token behind.
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = last.then(operation, operation);
    last = run.catch(() => undefined);
    return run;
  };
  const remove = () => rm(file, { force: true }).catch(() => undefined);
  return {
    save: (session) =>
      inTurn(async () => {
        if (!cipher.isEncryptionAvailable()) {
          return;
        }
        const encrypted = cipher.encryptString(JSON.stringify(session));
        await writeFileAtomically(file, (handle) => handle.writeFile(encrypted).then(() => undefined), { currentUserOnly: true });
      }).catch(() => undefined),
    load: () =>
      inTurn(async () => {
        if (!cipher.isEncryptionAvailable()) {
          return undefined;
        }
        try {
          const parsed = savedSession.safeParse(JSON.parse(cipher.decryptString(await readFile(file))));
          if (parsed.success) {
            return parsed.data;
          }
        } catch (error) {
          if (systemErrorCode(error) === 'ENOENT') {
            return undefined;
          }
        }
        // Unreadable (another user's key, a damaged file): it can never be used, so it goes.
        await remove();
        return undefined;
      }),
    clear: () => inTurn(remove),
  };
}
