/** The CLI as a person runs it against the sandbox, from a temporary data folder of its own. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runTsx, type ScriptResult } from './run-script.js';
import { sandboxEnv } from './sandbox-backend.js';

export interface CliSandbox {
  /** The suite's temporary folder (its data folder is `data` inside it). */
  readonly dir: () => string;
  /** The sandbox's variables with the suite's data folder. */
  readonly env: () => Record<string, string>;
  readonly cli: (args: ReadonlyArray<string>, env?: Record<string, string>) => Promise<ScriptResult>;
}

/** Registers the suite's set-up and clean-up; call at the top of a test file. */
export function useCliSandbox(prefix: string): CliSandbox {
  let dir = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    env = { ...sandboxEnv(), DOCSTORE_DATA_DIR: join(dir, 'data') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    env: () => env,
    cli: (args, extra = env) => runTsx('main/cli.ts', args, extra),
  };
}
