import { APP_INFO } from '../app-info.js';
import type { Backend } from '../setup/backend.js';
import type { Logger } from './logger.js';

/** Where the app runs: the desktop app, the web preview (development) or the command-line tool. */
export type Shell = 'app' | 'preview' | 'cli';

/** The first line of every run once the backend is open: version, environment, sandbox or not, policy. */
export function logAppStart(logger: Logger, shell: Shell, backend: Pick<Backend, 'config' | 'policy' | 'builtInSandbox'>, extra: Readonly<Record<string, unknown>> = {}): void {
  // Set only in Electron; Node's own typings declare every version key as a string.
  const versions: Readonly<Record<string, string | undefined>> = process.versions;
  const electron = versions.electron;
  logger.info('app.start', {
    shell,
    version: APP_INFO.version,
    environment: backend.config.environment,
    region: backend.config.region,
    sandbox: backend.config.environment === 'sandbox',
    builtInSandbox: backend.builtInSandbox,
    managed: backend.policy.managed,
    locked: backend.policy.locked,
    electron: electron ?? 'none',
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    ...extra,
  });
}
