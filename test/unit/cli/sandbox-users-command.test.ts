// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeSandboxUsers, sandboxUserRows, sandboxUsersCommand } from '../../../main/cli/sandbox-users-command.js';
import type { SandboxPerson } from '../../../main/sandbox/identity/sandbox-people.js';
import { runWithoutBackend } from './support/cli-io.js';

const org = { odsCode: 'A81001', orgName: 'Riverside' };
const PEOPLE: ReadonlyArray<SandboxPerson> = [
  {
    id: 'p1',
    givenName: 'Casey',
    familyName: 'Jones',
    roles: [
      { personRoleId: 'p1-1', cis2RoleCode: 'S8000:G8001:R8013', roleName: 'Admin', ...org },
      { personRoleId: 'p1-2', cis2RoleCode: 'S8000:G8000:R8000', roleName: 'GP', odsCode: 'B82002', orgName: 'Hillview' },
    ],
    demonstrates: 'two roles',
  },
  { id: 'p2', givenName: 'Riley', familyName: 'Smith', roles: [{ personRoleId: 'p2-1', cis2RoleCode: 'S8000:G8000:R8003', roleName: 'Receptionist', ...org }], demonstrates: 'none' },
];

describe('sandbox-users', () => {
  it('gives one row per recognised role and leaves out roles the app does not recognise', () => {
    expect(sandboxUserRows(PEOPLE)).toEqual([
      { id: 'p1', name: 'Casey Jones', roleCode: 'GP_ADMIN', odsCode: 'A81001', orgName: 'Riverside', personRoleId: 'p1-1' },
      { id: 'p1', name: 'Casey Jones', roleCode: 'GP_CLINICAL', odsCode: 'B82002', orgName: 'Hillview', personRoleId: 'p1-2' },
    ]);
  });

  it('lines the table up for people and says how to sign in as one', () => {
    const text = describeSandboxUsers(sandboxUserRows(PEOPLE));
    expect(text.split('\n').slice(0, 3)).toEqual([
      'ID  NAME         ROLE         ODS     ORGANISATION  ROLE ID (--role)',
      'p1  Casey Jones  GP_ADMIN     A81001  Riverside     p1-1',
      'p1  Casey Jones  GP_CLINICAL  B82002  Hillview      p1-2',
    ]);
    expect(text).toContain('DOCSTORE_SANDBOX_USER=<ID> npm run -s cli -- whoami');
  });

  it('lists the sandbox people without opening any backend', async () => {
    const run = await runWithoutBackend(sandboxUsersCommand, ['--json']);
    expect(run).toMatchObject({ code: 0, stderr: '', opened: false });
    const rows = JSON.parse(run.stdout) as Array<{ roleCode: string }>;
    expect(new Set(rows.map((row) => row.roleCode))).toEqual(new Set(['GP_ADMIN', 'GP_CLINICAL', 'PCSE']));
    expect(await runWithoutBackend(sandboxUsersCommand, ['everyone'])).toMatchObject({ code: 2, stderr: 'Usage: cli sandbox-users [--json]\n' });
  });
});
