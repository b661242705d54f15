/** What every CLI command shares: exit codes, the output streams, telling the user, and reading an NHS number argument. */
import { type NhsNumberResult, parseNhsNumber } from '../../common/nhs-number.js';
import type { AppServices } from '../services.js';
import { maskSecrets } from '../logging/secrets.js';
import { overlongNhsNumberProblem, printable } from './input.js';

/** Exit codes shared by every command: scripts rely on them. */
export const EXIT = { ok: 0, failure: 1, invalidInput: 2, nothingToDownload: 3 } as const;

/** What a command writes to; stdout carries only the result, everything else goes to stderr. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly signal: AbortSignal;
}

/** A CLI command: parsed arguments in, exit code out. It opens the services only once its input is valid. */
export type Command = (
  args: ReadonlyArray<string>,
  io: CommandIo,
  openServices: () => Promise<AppServices | undefined>,
) => Promise<number>;

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
