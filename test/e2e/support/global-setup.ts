import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startSandbox } from '../../../main/sandbox/sandbox.js';
import { PROJECT_ROOT } from '../../support/run-script.js';

/** Builds the renderer once and starts one sandbox for the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const sandbox = await startSandbox();
  project.provide('sandboxEnv', sandbox.env);
  return () => sandbox.stop();
}
