// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createLogoutCommand, idTokenExpiresAt, loginCommand, whoAmI, whoamiCommand } from '../../../main/cli/session-commands.js';
import type { SignedInPerson } from '../../../common/identity.js';
import { tempFolder } from '../archive/archive-fixtures.js';
import { runWithoutBackend } from './support/cli-io.js';

const ALEX: SignedInPerson = {
  id: '555000000001',
  name: 'Alex Morgan',
  role: { personRoleId: '555000000001-1', roleCode: 'GP_ADMIN', roleName: 'GP Practice Administrator', odsCode: 'A81001', orgName: 'Riverside Medical Centre' },
  sessionId: 'c0ffee00-0000-4000-8000-000000000000',
};

function idToken(payload: Record<string, unknown>): string {
  return ['eyJhbGciOiJSUzI1NiJ9', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'signature'].join('.');
}

describe('login, logout and whoami arguments', () => {
  it('exit 2 with the usage for stray arguments, before opening anything', async () => {
    for (const [command, args, usage] of [
      [loginCommand, ['someone'], 'Usage: cli login [--role <person_roleid>]'],
      [whoamiCommand, ['extra'], 'Usage: cli whoami [--json]'],
    ] as const) {
      const run = await runWithoutBackend(command, args);
      expect(run).toMatchObject({ code: 2, stdout: '', opened: false });
      expect(run.stderr).toContain(usage);
    }
  });

  it('exit 1 when the backend cannot be opened (the reason was told by the opener)', async () => {
    expect(await runWithoutBackend(whoamiCommand, ['--json'])).toMatchObject({ code: 1, stdout: '', opened: true });
    expect(await runWithoutBackend(loginCommand, ['--role', 'x'])).toMatchObject({ code: 1, stdout: '', opened: true });
  });

  it('logout needs only the data folder, and being signed out already is fine', async () => {
    const dataDir = await tempFolder('cli-logout');
    try {
      const logout = createLogoutCommand({ env: { DOCSTORE_DATA_DIR: dataDir.path } });
      expect(await runWithoutBackend(logout, [])).toEqual({ code: 0, stdout: 'Not signed in: there was no kept sign-in to delete.\n', stderr: '', opened: false });
      expect(await runWithoutBackend(logout, ['now'])).toMatchObject({ code: 2, stderr: 'Usage: cli logout\n' });
      expect(await runWithoutBackend(createLogoutCommand({ env: { DOCSTORE_DATA_DIR: 'relative' } }), [])).toMatchObject({ code: 1 });
    } finally {
      await dataDir.remove();
    }
  });
});

describe('whoami --json', () => {
  it('names the person, their role and organisation, and when the sign-in ends', () => {
    expect(whoAmI(ALEX, Date.UTC(2025, 0, 6, 10, 0, 0))).toEqual({
      id: '555000000001',
      name: 'Alex Morgan',
      roleCode: 'GP_ADMIN',
      roleName: 'GP practice administrator',
      personRoleId: '555000000001-1',
      odsCode: 'A81001',
      orgName: 'Riverside Medical Centre',
      sessionExpiresAt: '2025-01-06T10:00:00.000Z',
    });
  });

  it('reads the expiry from the validated ID token, and nothing from a token it cannot read', () => {
    expect(idTokenExpiresAt(idToken({ sub: 'x', exp: 1_736_157_600 }))).toBe(1_736_157_600_000);
    expect(idTokenExpiresAt(idToken({ sub: 'x' }))).toBeUndefined();
    expect(idTokenExpiresAt('not-a-token')).toBeUndefined();
  });
});
