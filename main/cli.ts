import { loadArchiveSettings } from './archive/archive-settings.js';
import { openConfArchive } from './archive/conf-index-store.js';
import { type Backend, openBackend } from './backend.js';
import { createArchiveCommand } from './cli/archive-command.js';
import { type Command, type CommandIo, EXIT, tell } from './cli/command.js';
import { policyEnvironment, readPolicy } from './config/policy.js';
import { downloadCommand } from './cli/download-command.js';
import { searchCommand } from './cli/search-command.js';
import { APP_INFO } from './app-info.js';
import { logAppStart } from './logging/app-start.js';
import { type Logger, openLogger, silentLogger } from './logging/logger.js';
import { type AppServices, createAppServices } from './services.js';

const COMMANDS: Readonly<Record<string, Command>> = {
  search: searchCommand,
  download: downloadCommand,
};

const USAGE = `Usage: npm run -s cli -- <command> …
Commands:
  search <nhs-number> [--json]                 list a patient's documents (--json: the FHIR R4 Bundle only)
  download <nhs-number> --out <dir> [--json]   save every available document as one verified ZIP
  archive list [--nhs <nhs-number>] [--json]   list the saved ZIPs in the local archive (works offline)
  archive verify <id>|--all [--json]           check saved ZIPs are unchanged (exit 1 if any changed or missing)
  archive add <zip> [--json]                   add a ZIP saved earlier, or by a colleague, to the archive`;

/**
 * Runs one CLI invocation; expected failures become messages and exit codes, never stack traces.
 *
 * It logs to the same file as the app (`<data folder>/logs`, masked) and never to stdout or stderr.
 */
export async function runCli(argv: ReadonlyArray<string>, io: CommandIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...args] = argv;
  // The machine policy binds the command-line tool too; DOCSTORE_POLICY_FILE may point it at a file under test.
  const policy = await readPolicy(env, process.platform);
  const logger = cliLogger(policy.ok ? policyEnvironment(env, policy.value) : env, policy.ok ? policy.value?.saveFolder?.path : undefined);
  const started = performance.now();
  // Only the command's name: its arguments may hold an NHS number or a path.
  logger.info('cli.start', { command: name ?? 'none', version: APP_INFO.version });
  const exit = await runCommand(name, args, io, env, policy, logger).catch((error: unknown) => {
    logger.error('unexpected-error', { error });
    throw error;
  });
  logger.info('cli.end', { command: name ?? 'none', exitCode: exit, durationMs: Math.round(performance.now() - started) });
  return exit;
}

async function runCommand(
  name: string | undefined,
  args: ReadonlyArray<string>,
  io: CommandIo,
  env: NodeJS.ProcessEnv,
  policy: Awaited<ReturnType<typeof readPolicy>>,
  logger: Logger,
): Promise<number> {
  if (!policy.ok) {
    logger.error('app.cannot-start', { message: policy.error.message });
    tell(io, policy.error.message);
    return EXIT.failure;
  }
  // The archive needs only the data folder: it never opens the AWS backend, so it works offline.
  const command =
    name === 'archive' ? createArchiveCommand({ env: policyEnvironment(env, policy.value) }) : name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    tell(io, name === undefined ? USAGE : `Unknown command "${name}".\n${USAGE}`);
    return EXIT.invalidInput;
  }
  let backend: Backend | undefined;
  let services: AppServices | undefined;
  const open = async (): Promise<AppServices | undefined> => {
    const opened = await openBackend(env, { policy: policy.value });
    if (!opened.ok) {
      logger.error('app.cannot-start', { message: opened.error.message });
      tell(io, opened.error.message);
      return undefined;
    }
    backend = opened.value;
    logAppStart(logger, 'cli', backend);
    const dataDir = opened.value.config.dataDir;
    services = createAppServices(backend, undefined, () => openConfArchive(dataDir), logger);
    return services;
  };
  try {
    return await command(args, io, open);
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      tell(io, `${error.message}\n${USAGE}`);
      return EXIT.invalidInput;
    }
    logger.error('unexpected-error', { error });
    tell(io, `Something went wrong that the app did not expect: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  } finally {
    // Audit events this run stored are sent before exit where possible; any left wait on disk for the next run.
    await services?.flushAudit();
    await backend?.close();
  }
}

/** The log in the data folder the command would use (DOCSTORE_DATA_DIR, else the per-user default); none if invalid. */
function cliLogger(env: NodeJS.ProcessEnv, policyFolder: string | undefined): Logger {
  const settings = loadArchiveSettings(env);
  return settings.ok ? openLogger(settings.value.dataDir, { userRoots: policyFolder === undefined ? [] : [policyFolder] }) : silentLogger();
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  process.exitCode = await runCli(
    process.argv.slice(2),
    { stdout: process.stdout, stderr: process.stderr, signal: controller.signal },
    process.env,
  );
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
