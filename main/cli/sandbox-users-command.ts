/**
 * `sandbox-users [--json]`: the sandbox's synthetic people, one row per role the app recognises, for
 * DOCSTORE_SANDBOX_USER. It reads the sandbox's own list and starts nothing, so it works without a running sandbox.
 */
import { parseArgs } from 'node:util';
import type { RoleCode } from '../../common/identity.js';
import { roleCodeOf } from '../identity/roles.js';
import type { SandboxPerson } from '../sandbox/identity/sandbox-people.js';
import { type Command, EXIT, printJson, tell } from './command.js';

/** One person in one recognised role. */
export interface SandboxUserRow {
  /** The value for DOCSTORE_SANDBOX_USER. */
  readonly id: string;
  readonly name: string;
  readonly roleCode: RoleCode;
  readonly odsCode: string;
  readonly orgName: string;
  /** The value for `--role`, for a person with more than one role. */
  readonly personRoleId: string;
}

export const sandboxUsersCommand: Command = async (args, io) => {
  const { positionals, values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length > 0) {
    tell(io, 'Usage: cli sandbox-users [--json]');
    return EXIT.invalidInput;
  }
  // Loaded on demand (main/sandbox/ is not part of the app); this module is the people's data and nothing else.
  const { SANDBOX_PEOPLE } = await import('../sandbox/identity/sandbox-people.js');
  const rows = sandboxUserRows(SANDBOX_PEOPLE);
  if (values.json) {
    printJson(io, rows);
  } else {
    io.stdout.write(describeSandboxUsers(rows));
  }
  return EXIT.ok;
};

/** A row per role the app recognises; a role it does not (and so a person with only such roles) is left out. */
export function sandboxUserRows(people: ReadonlyArray<SandboxPerson>): SandboxUserRow[] {
  return people.flatMap((person) =>
    person.roles.flatMap((role) => {
      const roleCode = roleCodeOf(role.cis2RoleCode);
      return roleCode === undefined
        ? []
        : [{ id: person.id, name: `${person.givenName} ${person.familyName}`, roleCode, odsCode: role.odsCode, orgName: role.orgName, personRoleId: role.personRoleId }];
    }),
  );
}

export function describeSandboxUsers(rows: ReadonlyArray<SandboxUserRow>): string {
  const table = [['ID', 'NAME', 'ROLE', 'ODS', 'ORGANISATION', 'ROLE ID (--role)'], ...rows.map((row) => [row.id, row.name, row.roleCode, row.odsCode, row.orgName, row.personRoleId])];
  const widths = table[0]?.map((_heading, column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const lines = table.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '));
  return `${lines.join('\n')}\n\nSign in as one: DOCSTORE_SANDBOX_USER=<ID> npm run -s cli -- whoami\n`;
}
