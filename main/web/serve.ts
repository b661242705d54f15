import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArchiveIndex } from '../archive/archive-index.js';
import { loadArchiveSettings } from '../archive/archive-settings.js';
import { openConfArchive } from '../archive/conf-index-store.js';
import { openBackend } from '../backend.js';
import { readPolicy } from '../config/policy.js';
import { createHandlers } from '../ipc/handlers.js';
import { logAppStart } from '../logging/app-start.js';
import { type Logger, openLogger, silentLogger } from '../logging/logger.js';
import { createAppServices } from '../services.js';
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
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({ options: { port: { type: 'string' }, downloads: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a port number, not "${values.port ?? ''}".\n`);
    return 2;
  }
  const downloads = resolve(values.downloads ?? join(tmpdir(), 'document-store-preview-downloads'));
  await mkdir(downloads, { recursive: true });
  const policy = await readPolicy(process.env, process.platform);
  if (!policy.ok) {
    process.stderr.write(`${policy.error.message}\n`);
    return 1;
  }
  const opened = await openBackend(process.env, { policy: policy.value });
  if (!opened.ok) {
    process.stderr.write(`${opened.error.message}\n`);
    return 1;
  }
  const backend = opened.value;
  const policyFolder = backend.policy.saveFolder === undefined ? [] : [backend.policy.saveFolder.path];
  logger = openLogger(backend.config.dataDir, { userRoots: [downloads, ...policyFolder] });
  process.on('uncaughtExceptionMonitor', (error, origin) => logger.error('unexpected-error', { origin, error }));
  logAppStart(logger, 'preview', backend);
  const archiveSettings = loadArchiveSettings({ ...backend.policy.env, DOCSTORE_DATA_DIR: backend.config.dataDir });
  if (!archiveSettings.ok) {
    process.stderr.write(`${archiveSettings.error.message}\n`);
    await backend.close();
    return 1;
  }
  // The archive needs only the data folder (never AWS), opened on first use as in the app.
  let archive: ArchiveIndex | undefined;
  const openArchive = (): ArchiveIndex => (archive ??= openConfArchive(backend.config.dataDir, archiveSettings.value.retentionDays));
  const services = createAppServices(backend, undefined, openArchive, logger);
  // --downloads stands for the user's choice, unless the policy names a folder: then it starts there, as the app does.
  const saved = new Map<string, unknown>(backend.policy.saveFolder === undefined ? [['saveFolder', downloads]] : []);
  const handlers = createHandlers({
    services,
    appInfo: () => services.appInfo(),
    settings: createSettings({ get: (key) => saved.get(key), set: (key, value) => saved.set(key, value) }, backend.policy),
    platform: previewPlatform(downloads, openArchive),
    archive: openArchive,
    logger,
  });
  const server = await startPreviewServer({ handlers, rendererRoot: resolve('out/renderer'), port });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`Preview serving (saves go to ${downloads}). Press Ctrl+C to stop.\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  logger.info('app.stop');
  await services.flushAudit();
  await backend.close();
  return 0;
}

try {
  process.exitCode = await serve();
} catch (error) {
  logger.error('unexpected-error', { error });
  process.stderr.write(`The preview could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
