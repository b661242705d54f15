import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configureSdkProcessEnvironment } from '../config/environment.js';
import { createHandlers } from '../ipc/handlers.js';
import { forwardSessionChanges } from '../ipc/session-handlers.js';
import { forwardTraceCopyChanges } from '../ipc/trace-copy-handlers.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { maskSecrets } from '../logging/secrets.js';
import { setUp } from '../setup/setup.js';
import { createSettings } from '../settings/settings-store.js';
import { previewPlatform } from './preview-platform.js';
import { startPreviewServer } from './preview-server.js';

let logger: Logger = silentLogger();

/**
 * `npm run -s web -- [--port N] [--downloads DIR]`: the app's renderer in a browser, answered by the app's own
 * handlers; the built-in sandbox starts unless the configuration names endpoints.
 *
 * The machine policy applies as in the app (`DOCSTORE_POLICY_FILE` may name another file): a locked save folder wins
 * over --downloads. The log goes to `<data folder>/logs` as the app's does.
 */
async function serve(): Promise<number> {
  configureSdkProcessEnvironment();
  const { values } = parseArgs({ options: { port: { type: 'string' }, downloads: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a port number, not "${values.port ?? ''}".\n`);
    return 2;
  }
  const downloads = resolve(values.downloads ?? join(tmpdir(), 'document-store-preview-downloads'));
  await mkdir(downloads, { recursive: true });
  // The page is itself in a browser: the sign-in address is shown there as a link, so nothing opens one here.
  const set = await setUp({ shell: 'preview', userRoots: [downloads], signIn: { openBrowser: () => undefined } });
  if (!set.ok) {
    process.stderr.write(`${maskSecrets(set.error.message)}\n`);
    return 1;
  }
  const { services, backend, openArchive } = set.value;
  logger = set.value.logger;
  process.on('uncaughtExceptionMonitor', (error, origin) => logger.error('unexpected-error', { origin, error }));
  // --downloads stands for the user's choice, unless the policy names a folder: then it starts there, as the app does.
  const saved = new Map<string, unknown>(backend.policy.saveFolder === undefined ? [['saveFolder', downloads]] : []);
  const handlers = createHandlers({
    services,
    session: backend.session,
    appInfo: () => services.appInfo(),
    settings: createSettings({ get: (key) => saved.get(key), set: (key, value) => saved.set(key, value) }, backend.policy),
    platform: previewPlatform(downloads, openArchive),
    archive: openArchive,
    archiveViewLimitBytes: set.value.archiveViewLimitBytes,
    archiveRequiresSignIn: set.value.archiveRequiresSignIn,
    logger,
    managedSettings: () => set.value.managedSettings(),
  });
  const server = await startPreviewServer({ handlers, rendererRoot: resolve('out/renderer'), port });
  forwardSessionChanges(backend.session, server.broadcast);
  forwardTraceCopyChanges(services.traceCopies, server.broadcast);
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`Preview serving (saves go to ${downloads}). Press Ctrl+C to stop.\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  await set.value.close();
  return 0;
}

try {
  process.exitCode = await serve();
} catch (error) {
  logger.error('unexpected-error', { error });
  process.stderr.write(`The preview could not start: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
