/** What every CLI command shares: exit codes, the output streams, telling the user, and reading an NHS number argument. */
import { type NhsNumberResult, parseNhsNumber } from '../../common/nhs-number.js';
import type { ErrorCode } from '../../common/error-codes.js';
import type { AppServices } from '../services.js';
import type { Backend } from '../setup/backend.js';
import { maskSecrets } from '../logging/secrets.js';
import type { CliSignIn } from './cli-sign-in.js';
import { overlongNhsNumberProblem, printable } from './input.js';

/**
 * Exit codes shared by every command: scripts rely on them. 4: nobody is signed in (or the session ended); 5: the
 * signed-in person may not do this (the role rules).
 */
export const EXIT = { ok: 0, failure: 1, invalidInput: 2, nothingToDownload: 3, notSignedIn: 4, notPermitted: 5 } as const;

/** What a command writes to; stdout carries only the result, everything else goes to stderr. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly signal: AbortSignal;
}

/** What a command works with once its input is valid: the backend, the services on it, and the CLI's sign-in. */
export interface Opened {
  readonly backend: Backend;
  readonly services: AppServices;
  readonly signIn: CliSignIn;
}

/** Opens the backend and services once; undefined after telling the user why they cannot be opened. */
export type OpenBackend = () => Promise<Opened | undefined>;

/** A CLI command: parsed arguments in, exit code out. It opens the backend only once its input is valid. */
export type Command = (args: ReadonlyArray<string>, io: CommandIo, open: OpenBackend) => Promise<number>;

/** The exit code for an expected failure: scripts tell "sign in" (4) and "not allowed" (5) from other failures. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-nhs-number':
      return EXIT.invalidInput;
    case 'nothing-to-download':
      return EXIT.nothingToDownload;
    case 'not-signed-in':
    case 'session-expired':
      return EXIT.notSignedIn;
    case 'not-permitted':
    case 'no-recognised-role':
      return EXIT.notPermitted;
    default:
      return EXIT.failure;
  }
}

/** Tells the user why a command failed (and how to sign in, when that is why) and gives its exit code. */
export function failed(io: CommandIo, error: { readonly code: ErrorCode; readonly message: string }): number {
  tell(io, error.message);
  const exit = exitCodeFor(error.code);
  if (exit === EXIT.notSignedIn) {
    tell(io, SIGN_IN_HINT);
  }
  return exit;
}

const SIGN_IN_HINT = 'Sign in with `npm run -s cli -- login` (or set DOCSTORE_SANDBOX_USER in the sandbox), then run the command again.';

/** Writes a value as indented JSON, the only thing on stdout. */
export function printJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a line to stderr, without control characters: it may repeat what the user typed. */
export function tell(io: CommandIo, line: string): void {
  io.stderr.write(`${printable(maskSecrets(line))}\n`);
}

/** A status line that rewrites itself on a terminal and stays silent when stderr is redirected. */
export function statusLine(io: CommandIo): { update(text: string): void; done(): void } {
  const tty = 'isTTY' in io.stderr && io.stderr.isTTY;
  let shown = false;
  return {
    update(text) {
      if (tty) {
        io.stderr.write(`\r\x1b[2K${text}`);
        shown = true;
      }
    },
    done() {
      if (shown) {
        io.stderr.write('\r\x1b[2K');
      }
    },
  };
}

/**
 * The one NHS number a command was given, or undefined after telling the user what was wrong.
 *
 * `complete` is false when another required argument is missing, so the usage line is shown.
 */
export function nhsNumberArgument(io: CommandIo, positionals: ReadonlyArray<string>, usage: string, complete = true): string | undefined {
  if (positionals.length !== 1 || !complete) {
    tell(io, usage);
    return undefined;
  }
  const nhsNumber = nhsNumberOf(positionals[0] ?? '');
  if (!nhsNumber.ok) {
    tell(io, nhsNumber.message);
    return undefined;
  }
  return nhsNumber.value;
}

/** An NHS number given on the command line: refused unparsed when it is far too long to be one. */
export function nhsNumberOf(text: string): NhsNumberResult {
  const overlong = overlongNhsNumberProblem(text);
  return overlong === undefined ? parseNhsNumber(text) : { ok: false, problem: 'length', message: overlong };
}
