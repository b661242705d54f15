/**
 * The command line's kept sign-in: `<data folder>/cli-session.json`, written by `login`, read by every later command
 * while its ID token is valid, and deleted by `logout`.
 *
 * It holds the validated ID token, the access token, their expiry, the ID token's claims, the provider they came
 * from and the role chosen, and no refresh token: a copied file is of no use once the ID token expires (as the AWS
 * CLI's SSO cache). It is written atomically and readable by the current user only.
 */
import { readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SignInConfig } from '../config/identity-config.js';
import { systemErrorCode } from '../errors.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import type { SignInTokens } from '../identity/sign-in-flow.js';

export const KEPT_SESSION_FILE = 'cli-session.json';

/**
 * A kept sign-in this close to its end is not used: the session would ask for a renewal it cannot get (there is no
 * refresh token) as soon as the first call went out. The session's own renewal margin is a minute.
 */
export const KEPT_SESSION_MARGIN_MS = 2 * 60_000;

/** What `login` keeps: the tokens without the refresh token, where they came from, and the role chosen. */
export interface KeptSession {
  readonly issuer: string;
  readonly clientId: string;
  readonly tokens: SignInTokens;
  readonly personRoleId: string;
}

const text = z.string().min(1);

const keptSessionFile = z.object({
  version: z.literal(1),
  issuer: text,
  clientId: text,
  idToken: text,
  accessToken: z.string(),
  expiresAt: z.number().int().positive(),
  claims: z.record(z.string(), z.unknown()),
  personRoleId: text,
});

export function keptSessionPath(dataDir: string): string {
  return join(dataDir, KEPT_SESSION_FILE);
}

/** Keeps the sign-in for later commands, replacing any kept before; never the refresh token. */
export async function keepSession(dataDir: string, kept: KeptSession): Promise<void> {
  const { idToken, accessToken, expiresAt, claims } = kept.tokens;
  const file: z.infer<typeof keptSessionFile> = {
    version: 1,
    issuer: kept.issuer,
    clientId: kept.clientId,
    idToken,
    accessToken,
    expiresAt,
    claims: { ...claims },
    personRoleId: kept.personRoleId,
  };
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomically(keptSessionPath(dataDir), (handle) => handle.writeFile(`${JSON.stringify(file, null, 2)}\n`), { currentUserOnly: true });
}

/**
 * The kept sign-in when it can still be used: from this provider and client, and valid for a while yet. Anything
 * else (no file, another provider such as a sandbox since restarted, expired, unreadable) reads as none.
 */
export async function readKeptSession(dataDir: string, signIn: Pick<SignInConfig, 'issuer' | 'clientId'>, now: number = Date.now()): Promise<KeptSession | undefined> {
  let content: string;
  try {
    content = await readFile(keptSessionPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = keptSessionFile.safeParse(parseJson(content));
  if (!parsed.success) {
    return undefined;
  }
  const file = parsed.data;
  if (file.issuer !== signIn.issuer || file.clientId !== signIn.clientId || now >= file.expiresAt - KEPT_SESSION_MARGIN_MS) {
    return undefined;
  }
  return {
    issuer: file.issuer,
    clientId: file.clientId,
    tokens: { idToken: file.idToken, accessToken: file.accessToken, expiresAt: file.expiresAt, claims: file.claims },
    personRoleId: file.personRoleId,
  };
}

/** Deletes the kept sign-in; false when there was none. */
export async function forgetKeptSession(dataDir: string): Promise<boolean> {
  try {
    await rm(keptSessionPath(dataDir));
    return true;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}
