/** What a command wrote, and an `open` that records whether the command ever reached for the backend. */
import { PassThrough } from 'node:stream';
import type { Command, CommandIo, Opened } from '../../../../main/cli/command.js';

export interface Captured {
  readonly io: CommandIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captureIo(): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { io: { stdout, stderr, signal: new AbortController().signal }, stdout: () => out, stderr: () => err };
}

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the command asked for the backend. */
  readonly opened: boolean;
}

/** Runs a command whose backend never opens (as when it is unreachable), to see what it did before asking for it. */
export async function runWithoutBackend(command: Command, args: ReadonlyArray<string>, opened?: Opened): Promise<CommandRun> {
  const captured = captureIo();
  let asked = false;
  const code = await command(args, captured.io, () => {
    asked = true;
    return Promise.resolve(opened);
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), opened: asked };
}
