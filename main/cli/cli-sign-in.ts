/**
 * Sign-in on the command line: the CLI's SignInFront (the browser it opens for `login`, the kept sign-in it offers the
 * session), signing in before a command acts on a patient's record, and choosing the role.
 *
 * Every command signs in through the backend's one session. Only `login` opens a browser, and keeps the new sign-in
 * (./kept-session.ts); every other command signs in with what it already has: the sandbox person
 * (DOCSTORE_SANDBOX_USER) or the sign-in `login` kept; without either it says how to sign in and exits 4.
 */
import { ROLE_NAMES, type RoleOption, type SessionView, type SignedInPerson } from '../../common/identity.js';
import { NOT_CONFIGURED } from '../identity/access-gate.js';
import type { Session } from '../identity/session.js';
import type { SignInTokens } from '../identity/sign-in-flow.js';
import type { SignInFront } from '../setup/identity.js';
import { type CommandIo, EXIT, exitCodeFor, type Opened, tell } from './command.js';
import { readKeptSession } from './kept-session.js';
import { openSystemBrowser } from './system-browser.js';

export const NOT_SIGNED_IN = 'Not signed in. Run `npm run -s cli -- login` (or set DOCSTORE_SANDBOX_USER in the sandbox).';

/** The CLI's part of sign-in, and the kept sign-in it lets the session take up for this run. */
export interface CliSignIn {
  readonly front: SignInFront;
  /** Offers the session these tokens (checked by the caller: this provider, not expired) instead of a browser. */
  offer(tokens: SignInTokens | undefined): void;
  /** The tokens of this run's new sign-in, never the kept ones: what `login` keeps. Undefined before one. */
  newTokens(): SignInTokens | undefined;
}

/** The front passed to the backend: prints the sign-in address to stderr and tries the system browser. */
export function createCliSignIn(io: CommandIo, openBrowser: (url: string) => void = openSystemBrowser): CliSignIn {
  let offered: SignInTokens | undefined;
  let signedIn: SignInTokens | undefined;
  return {
    front: {
      openBrowser(url) {
        io.stderr.write(`Open this address in your browser to sign in: ${url}\n`);
        openBrowser(url);
      },
      keptTokens: () => Promise.resolve(offered),
      onSignedIn(tokens) {
        signedIn = tokens;
      },
    },
    offer(tokens) {
      offered = tokens;
    },
    newTokens: () => signedIn,
  };
}

/** The person a command acts as, or the exit code once the user has been told why there is none. */
export type Acting = { readonly ok: true; readonly person: SignedInPerson; readonly session: Session } | { readonly ok: false; readonly exit: number };

/**
 * Signs in before a command acts: as the sandbox person, or with the sign-in `login` kept; `role` (`--role`), else
 * the kept role, chooses among several. Never opens a browser.
 */
export async function signInToAct(opened: Opened, io: CommandIo, role: string | undefined): Promise<Acting> {
  const { session, config } = opened.backend;
  const identity = config.identity;
  if (session === undefined || identity === undefined) {
    tell(io, NOT_CONFIGURED);
    return { ok: false, exit: EXIT.failure };
  }
  const sandboxUser = identity.sandboxUser;
  const kept = sandboxUser === undefined ? await readKeptSession(config.dataDir, identity.signIn) : undefined;
  if (sandboxUser === undefined && kept === undefined) {
    tell(io, NOT_SIGNED_IN);
    return { ok: false, exit: EXIT.notSignedIn };
  }
  opened.signIn.offer(kept?.tokens);
  const signedIn = await session.signIn();
  if (!signedIn.ok) {
    tell(io, signedIn.error.message);
    return { ok: false, exit: exitCodeFor(signedIn.error.code) };
  }
  const settled = settleRole(session, signedIn.value, { role, keptRole: kept?.personRoleId }, io);
  if (settled.ok) {
    // A job whose ID token runs out: the sandbox person signs in again headlessly and the job goes on; a kept
    // sign-in has no refresh token and nobody is at a browser, so the job ends at once ("session expired", exit 4).
    // Answered once the session has finished announcing the change and the job has started waiting.
    session.onChange((view) => {
      if (view.state === 'sign-in-again') {
        queueMicrotask(() => (sandboxUser === undefined ? session.signOut('expired') : void session.signIn()));
      }
    });
  }
  return settled;
}

/**
 * The signed-in person once a role is settled: the one chosen at sign-in, the only one, or `role` (else `keptRole`).
 * Several roles and none named: they are listed, exit 2.
 */
export function settleRole(
  session: Session,
  view: SessionView,
  { role, keptRole }: { readonly role: string | undefined; readonly keptRole?: string | undefined },
  io: CommandIo,
): Acting {
  const wanted = role ?? keptRole;
  let current = view;
  if (current.state === 'choose-role') {
    if (wanted === undefined) {
      tell(io, `${current.name}, you have more than one role. Choose one with --role <person_roleid>:\n${describeRoles(current.roles)}`);
      return { ok: false, exit: EXIT.invalidInput };
    }
    const chosen = session.chooseRole(wanted);
    if (!chosen.ok) {
      tell(io, `"${wanted}" is not one of your roles. Choose one with --role <person_roleid>:\n${describeRoles(current.roles)}`);
      return { ok: false, exit: EXIT.invalidInput };
    }
    current = chosen.value;
  }
  if (current.state !== 'signed-in') {
    tell(io, NOT_SIGNED_IN);
    return { ok: false, exit: EXIT.notSignedIn };
  }
  const { person } = current;
  if (role !== undefined && role !== person.role.personRoleId) {
    tell(io, `"${role}" is not one of your roles. You have one: ${describeRoles([person.role]).trim()}`);
    return { ok: false, exit: EXIT.invalidInput };
  }
  return { ok: true, person, session };
}

/** "Alex Morgan, GP practice administrator at Riverside Medical Centre (A81001)". */
export function describePerson(person: SignedInPerson): string {
  return `${person.name}, ${ROLE_NAMES[person.role.roleCode]} at ${describeOrganisation(person.role)}`;
}

/** One line per role: person_roleid, role, organisation. */
export function describeRoles(roles: ReadonlyArray<RoleOption>): string {
  const width = Math.max(...roles.map((role) => role.personRoleId.length));
  const roleWidth = Math.max(...roles.map((role) => ROLE_NAMES[role.roleCode].length));
  return roles.map((role) => `  ${role.personRoleId.padEnd(width)}  ${ROLE_NAMES[role.roleCode].padEnd(roleWidth)}  ${describeOrganisation(role)}`).join('\n');
}

function describeOrganisation(role: Pick<RoleOption, 'orgName' | 'odsCode'>): string {
  return role.orgName === role.odsCode ? role.odsCode : `${role.orgName} (${role.odsCode})`;
}
