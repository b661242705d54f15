import type { TestProject } from 'vitest/node';
import { startSandbox } from '../../main/sandbox/sandbox.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The variables a client needs to reach the test sandbox, as `npm run sandbox -- --print-env` prints them. */
    sandboxEnv: Readonly<Record<string, string>>;
  }
}

/** Starts one in-memory sandbox for the integration suite and stops it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const sandbox = await startSandbox();
  project.provide('sandboxEnv', sandbox.env);
  return () => sandbox.stop();
}
