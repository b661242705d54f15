// @vitest-environment node
import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forgetKeptSession,
  KEPT_SESSION_MARGIN_MS,
  keepSession,
  keptSessionPath,
  readKeptSession,
} from '../../../main/cli/kept-session.js';
import { tempFolder } from '../archive/archive-fixtures.js';
import { ALICE, MINUTE, SIGN_IN_CONFIG, START, tokensFor } from '../identity/support/session-fakes.js';

// What `login` leaves on disk for later commands, and when later commands will (and will not) use it.

describe('the kept sign-in', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  const tokens = tokensFor(ALICE, { now: START, lifetimeMs: 60 * MINUTE, refreshToken: 'a-refresh-token' });
  const kept = { issuer: SIGN_IN_CONFIG.issuer, clientId: SIGN_IN_CONFIG.clientId, tokens, personRoleId: 'alice-r1' };

  beforeEach(async () => {
    dataDir = await tempFolder('kept-session');
  });
  afterEach(() => dataDir.remove());

  it('keeps the tokens, claims and role for the current user only, and never the refresh token', async () => {
    await keepSession(dataDir.path, kept);

    const text = await readFile(keptSessionPath(dataDir.path), 'utf8');
    expect(text).not.toContain('a-refresh-token');
    expect(JSON.parse(text)).toMatchObject({ idToken: tokens.idToken, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, personRoleId: 'alice-r1' });
    if (process.platform !== 'win32') {
      expect((await stat(keptSessionPath(dataDir.path))).mode & 0o777).toBe(0o600);
    }
    const { refreshToken: _dropped, ...withoutRefresh } = tokens;
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, START + MINUTE)).toEqual({ ...kept, tokens: withoutRefresh });
  });

  it('is not used once the ID token has expired, or is about to', async () => {
    await keepSession(dataDir.path, kept);
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, tokens.expiresAt - KEPT_SESSION_MARGIN_MS - 1)).toBeDefined();
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, tokens.expiresAt - KEPT_SESSION_MARGIN_MS)).toBeUndefined();
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, tokens.expiresAt + MINUTE)).toBeUndefined();
  });

  it('is not used with another sign-in service or client (a sandbox since restarted)', async () => {
    await keepSession(dataDir.path, kept);
    expect(await readKeptSession(dataDir.path, { ...SIGN_IN_CONFIG, issuer: 'http://127.0.0.1:9999' }, START)).toBeUndefined();
    expect(await readKeptSession(dataDir.path, { ...SIGN_IN_CONFIG, clientId: 'another-app' }, START)).toBeUndefined();
  });

  it('reads a missing or damaged file as not signed in', async () => {
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, START)).toBeUndefined();
    await writeFile(keptSessionPath(dataDir.path), '{"version": 1, "idToken": ');
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, START)).toBeUndefined();
    await writeFile(keptSessionPath(dataDir.path), JSON.stringify({ version: 2, ...kept }));
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, START)).toBeUndefined();
  });

  it('is deleted by logout, which says whether there was one', async () => {
    await keepSession(dataDir.path, kept);
    expect(await forgetKeptSession(dataDir.path)).toBe(true);
    expect(await readKeptSession(dataDir.path, SIGN_IN_CONFIG, START)).toBeUndefined();
    expect(await forgetKeptSession(dataDir.path)).toBe(false);
  });
});
