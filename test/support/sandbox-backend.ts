import { inject } from 'vitest';
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
