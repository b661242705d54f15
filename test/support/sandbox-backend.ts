import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { type Backend, setupBackend } from '../../main/setup/backend.js';

/** The test sandbox's variables, for child processes. */
export function sandboxEnv(): Record<string, string> {
  return { ...inject('sandboxEnv') };
}

/** A backend on the shared test sandbox; the test closes it. */
export async function openSandboxBackend(overrides: Record<string, string> = {}): Promise<Backend> {
  const opened = await setupBackend({ ...sandboxEnv(), ...overrides });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  return opened.value;
}

/** A plain backend on the shared test sandbox for one suite, and the clean-ups its tests register. */
export interface SuiteSandbox {
  /** Opened before the suite's first test, closed after its last. */
  readonly backend: Backend;
  /** Run after each test, newest first: what the test made (buckets, queues) goes with it. */
  readonly cleanUps: Array<() => Promise<void>>;
}

/** Registers the suite's hooks: open the backend once, clean up after each test, close at the end. */
export function suiteSandbox(): SuiteSandbox {
  let opened: Backend | undefined;
  const cleanUps: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    opened = await openSandboxBackend();
  });
  afterEach(async () => {
    for (const cleanUp of cleanUps.splice(0).reverse()) {
      await cleanUp();
    }
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get backend() {
      if (opened === undefined) {
        throw new Error('The suite backend opens before the first test.');
      }
      return opened;
    },
    cleanUps,
  };
}
