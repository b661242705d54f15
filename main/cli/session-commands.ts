/**
 * `login [--role <person_roleid>]`, `logout` and `whoami [--json]`: signing the command line in, keeping that sign-in
 * for later commands (./kept-session.ts), forgetting it, and saying who is signed in.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLE_NAMES, type RoleCode, type SessionView, type SignedInPerson } from '../../common/identity.js';
import type { Result } from '../../common/result.js';
import { loadArchiveSettings } from '../config/archive-settings.js';
import type { Environment } from '../config/config.js';
import { NOT_CONFIGURED } from '../identity/access-gate.js';
import type { Session } from '../identity/session.js';
import type { SignInError } from '../identity/sign-in-flow.js';
import { describePerson, NOT_SIGNED_IN, settleRole, signInToAct } from './cli-sign-in.js';
import { type Command, EXIT, failed, printJson, tell } from './command.js';
import { forgetKeptSession, keepSession } from './kept-session.js';

const LOGIN_USAGE = 'Usage: cli login [--role <person_roleid>]';
const WHOAMI_USAGE = 'Usage: cli whoami [--json] [--role <person_roleid>]';

/** What `whoami --json` prints. */
export interface WhoAmI {
  readonly id: string;
  readonly name: string;
  readonly roleCode: RoleCode;
  readonly roleName: string;
  readonly personRoleId: string;
  readonly odsCode: string;
  readonly orgName: string;
  /** When the sign-in's ID token expires (ISO 8601). */
  readonly sessionExpiresAt: string;
}

/**
 * `login`: signs in through the browser (or headlessly as DOCSTORE_SANDBOX_USER), settles the role and keeps the
 * sign-in for later commands. Always a new sign-in, whatever was kept before.
 */
export const loginCommand: Command = async (args, io, open) => {
  const { positionals, values } = parseArgs({ args: [...args], options: { role: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 0) {
    tell(io, LOGIN_USAGE);
    return EXIT.invalidInput;
  }
  const opened = await open();
  if (opened === undefined) {
    return EXIT.failure;
  }
  const { session, config } = opened.backend;
  const identity = config.identity;
  if (session === undefined || identity === undefined) {
    tell(io, NOT_CONFIGURED);
    return EXIT.failure;
  }
  // Nothing kept is offered to the session, so this is a new sign-in whatever was kept before.
  const signedIn = await signInUnlessInterrupted(session, io.signal);
  if (!signedIn.ok) {
    return failed(io, signedIn.error);
  }
  const settled = settleRole(session, signedIn.value, { role: values.role }, io);
  if (!settled.ok) {
    return settled.exit;
  }
  const tokens = opened.signIn.newTokens();
  if (tokens === undefined) {
    tell(io, 'Signing in did not finish, so no sign-in was kept. Run login again.');
    return EXIT.failure;
  }
  const { issuer, clientId } = identity.signIn;
  await keepSession(config.dataDir, { issuer, clientId, tokens, personRoleId: settled.person.role.personRoleId });
  io.stdout.write(`Signed in as ${describePerson(settled.person)}\n`);
  tell(io, `Later commands use this sign-in until ${new Date(tokens.expiresAt).toISOString()}; \`npm run -s cli -- logout\` ends it sooner.`);
  return EXIT.ok;
};

/** `logout`: forgets the kept sign-in. Needs only the data folder; being signed out already is fine. */
export function createLogoutCommand({ env }: { readonly env: Environment }): Command {
  return async (args, io) => {
    if (args.length > 0) {
      tell(io, 'Usage: cli logout');
      return EXIT.invalidInput;
    }
    const settings = loadArchiveSettings(env);
    if (!settings.ok) {
      tell(io, settings.error.message);
      return EXIT.failure;
    }
    const forgotten = await forgetKeptSession(settings.value.dataDir);
    io.stdout.write(forgotten ? 'Signed out: the sign-in kept for the command line is deleted.\n' : 'Not signed in: there was no kept sign-in to delete.\n');
    return EXIT.ok;
  };
}

/** `whoami`: the person later commands act as, or exit 4 when there is none. */
export const whoamiCommand: Command = async (args, io, open) => {
  const { positionals, values } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, role: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) {
    tell(io, WHOAMI_USAGE);
    return EXIT.invalidInput;
  }
  const opened = await open();
  if (opened === undefined) {
    return EXIT.failure;
  }
  const acting = await signInToAct(opened, io, values.role);
  if (!acting.ok) {
    return acting.exit;
  }
  const expiresAt = await acting.session.idToken().then(idTokenExpiresAt, () => undefined);
  if (expiresAt === undefined) {
    tell(io, NOT_SIGNED_IN);
    return EXIT.notSignedIn;
  }
  const whoami = whoAmI(acting.person, expiresAt);
  if (values.json) {
    printJson(io, whoami);
  } else {
    io.stdout.write(`Signed in as ${describePerson(acting.person)}\nUser id ${whoami.id}, role ${whoami.personRoleId}; the sign-in lasts until ${whoami.sessionExpiresAt}.\n`);
  }
  return EXIT.ok;
};

export function whoAmI(person: SignedInPerson, expiresAt: number): WhoAmI {
  const { role } = person;
  return {
    id: person.id,
    name: person.name,
    roleCode: role.roleCode,
    roleName: ROLE_NAMES[role.roleCode],
    personRoleId: role.personRoleId,
    odsCode: role.odsCode,
    orgName: role.orgName,
    sessionExpiresAt: new Date(expiresAt).toISOString(),
  };
}

const expiry = z.object({ exp: z.number().positive() });

/** When an ID token the session has already validated expires (its `exp`), in milliseconds; undefined if unreadable. */
export function idTokenExpiresAt(idToken: string): number | undefined {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const parsed = expiry.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The session's sign-in, stopped by Ctrl+C (`interrupted`) while it waits for the browser. */
async function signInUnlessInterrupted(session: Session, interrupted: AbortSignal): Promise<Result<SessionView, SignInError>> {
  const signingIn = session.signIn();
  const cancel = (): void => session.cancelSignIn();
  if (interrupted.aborted) {
    cancel();
  }
  interrupted.addEventListener('abort', cancel, { once: true });
  try {
    return await signingIn;
  } finally {
    interrupted.removeEventListener('abort', cancel);
  }
}
