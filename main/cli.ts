/** The command-line tool: one run per invocation, from the arguments and the machine policy to a command and its exit code. */
import { APP_INFO } from './app-info.js';
import { createArchiveCommand } from './cli/archive-command.js';
import { createCliSignIn } from './cli/cli-sign-in.js';
import { type Command, type CommandIo, EXIT, type Opened, tell } from './cli/command.js';
import { downloadCommand } from './cli/download-command.js';
import { searchCommand } from './cli/search-command.js';
import { doctorCommand } from './cli/doctor-command.js';
import { overlongArgumentProblem } from './cli/input.js';
import { patientCommand } from './cli/patient-command.js';
import { policyCommand } from './cli/policy/policy-command.js';
import { sandboxUsersCommand } from './cli/sandbox-users-command.js';
import { createLogoutCommand, loginCommand, whoamiCommand } from './cli/session-commands.js';
import type { Environment } from './config/config.js';
import { configureSdkProcessEnvironment, processEnvironment } from './config/environment.js';
import { policyOverrideAllowed } from './config/policy.js';
import { sweepInterruptedJobs } from './jobs/sweep-interrupted-jobs.js';
import { logAppStart } from './logging/app-start.js';
import type { Logger } from './logging/logger.js';
import { type AppServices, createAppServices } from './services.js';
import type { Backend } from './setup/backend.js';
import { setupArchive, setupBackendFor, setupConfig, setupLogger, type StartupConfig } from './setup/setup.js';

/** How long the CLI waits at exit for a background trace copy before leaving it to the next run. */
const CLI_TRACE_COPY_WAIT_MS = 120_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

const COMMANDS: Readonly<Record<string, Command>> = {
  login: loginCommand,
  whoami: whoamiCommand,
  patient: patientCommand,
  search: searchCommand,
  download: downloadCommand,
};

const USAGE = `Usage: npm run -s cli -- <command> …
Commands:
  login [--role <person_roleid>]               sign in (the browser, or DOCSTORE_SANDBOX_USER) for later commands
  logout                                       forget the sign-in kept by login
  whoami [--json]                              who later commands act as (exit 4 when nobody is signed in)
  patient <nhs-number> [--json]                confirm the patient on PDS and whether you may see their record
  search <nhs-number> [--json]                 list a patient's documents (--json: the FHIR R4 Bundle only)
  download <nhs-number> --out <dir> [--json]   save every available document as one verified ZIP
           [--documents <id>,<id>…]            …or only these of the patient's documents
  sandbox-users [--json]                       the sandbox's synthetic people, for DOCSTORE_SANDBOX_USER
  archive list [--nhs <nhs-number>] [--json]   list the saved ZIPs in the local archive (works offline)
  archive verify <id>|--all [--json]           check saved ZIPs are unchanged (exit 1 if any changed or missing)
  archive add <zip> [--json]                   add a ZIP saved earlier, or by a colleague, to the archive
  policy --schema                              print the policy's JSON Schema
  policy --write-templates | --check-templates write (or check) docs/policy.md and the build/policy/ templates
  doctor [--json]                              check configuration, policy, endpoints, clock and save folder
whoami, patient, search and download take --role <person_roleid> for a person with several roles.
Exit codes: 0 done, 1 failed, 2 invalid input, 3 nothing to download, 4 not signed in, 5 not allowed for your role.`;

/**
 * Runs one CLI invocation; expected failures become messages and exit codes, never stack traces.
 *
 * It logs to the same file as the app (`<data folder>/logs`, masked) and never to stdout or stderr. The environment
 * is the process's unless a test passes its own.
 */
export async function runCli(argv: ReadonlyArray<string>, io: CommandIo, env?: Environment): Promise<number> {
  const [name, ...args] = argv;
  const given = env ?? processEnvironment();
  // The machine policy binds the command-line tool too; DOCSTORE_POLICY_FILE may point it at a file under test, but
  // only with the built-in sandbox or in development, and never past a machine policy.
  const startup = await setupConfig({ env: given, allowPolicyPathOverride: policyOverrideAllowed(given) });
  const logger = setupLogger(startup);
  const started = performance.now();
  // Only the command's name: its arguments may hold an NHS number or a path.
  logger.info('cli.start', { command: name ?? 'none', version: APP_INFO.version });
  const exit = await runCommand(name, args, io, startup, logger).catch((error: unknown) => {
    logger.error('unexpected-error', { error });
    throw error;
  });
  logger.info('cli.end', { command: name ?? 'none', exitCode: exit, durationMs: Math.round(performance.now() - started) });
  return exit;
}

async function runCommand(name: string | undefined, args: ReadonlyArray<string>, io: CommandIo, startup: StartupConfig, logger: Logger): Promise<number> {
  const overlong = overlongArgumentProblem(name === undefined ? args : [name, ...args]);
  if (overlong !== undefined) {
    tell(io, overlong);
    return EXIT.invalidInput;
  }
  // Neither needs a usable policy: one prints the schema a policy is checked against, the other reports what is wrong.
  if (name === 'policy') {
    return policyCommand(args, io);
  }
  if (name === 'doctor') {
    return doctorCommand(args, io, startup);
  }
  // The sandbox's synthetic people are fixed data: listing them starts nothing and reads no setting.
  if (name === 'sandbox-users') {
    return sandboxUsersCommand(args, io, () => Promise.resolve(undefined));
  }
  if (startup.problem !== undefined) {
    logger.error('app.cannot-start', { message: startup.problem });
    tell(io, startup.problem);
    return EXIT.failure;
  }
  const command = commandNamed(name, startup);
  if (command === undefined) {
    tell(io, name === undefined ? USAGE : `Unknown command "${name}".\n${USAGE}`);
    return EXIT.invalidInput;
  }
  let backend: Backend | undefined;
  let services: AppServices | undefined;
  // Only `login` opens the browser; every other command signs in with the sandbox person or the kept sign-in.
  const signIn = createCliSignIn(io);
  // Opened only once the command's input is valid, so a mistyped NHS number never starts the sandbox.
  const cannotOpen = (message: string): undefined => {
    logger.error('app.cannot-start', { message });
    tell(io, message);
    return undefined;
  };
  const open = async (): Promise<Opened | undefined> => {
    const archive = setupArchive(startup);
    if (!archive.ok) {
      return cannotOpen(archive.error.message);
    }
    const opened = await setupBackendFor(startup, { signIn: signIn.front, logger });
    if (!opened.ok) {
      return cannotOpen(opened.error.message);
    }
    backend = opened.value;
    logAppStart(logger, 'cli', backend);
    await sweepInterruptedJobs(backend, logger);
    services = createAppServices(backend, { archive: archive.value.open, logger });
    return { backend, services, signIn };
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
    // The trace copy of a record just saved is given a while to finish; what it does not finish, its journal entry
    // resumes at the next run. Audit events this run stored are sent before exit where possible; any left wait on
    // disk for the next run.
    const copies = services?.traceCopies;
    await Promise.race([copies?.idle(), delay(CLI_TRACE_COPY_WAIT_MS)]);
    await copies?.stop();
    await services?.flushAudit();
    await backend?.close();
  }
}

/** The command `name` runs; the archive and logout need only the data folder, so they work offline. */
function commandNamed(name: string | undefined, startup: StartupConfig): Command | undefined {
  switch (name) {
    case undefined:
      return undefined;
    case 'archive':
      return createArchiveCommand({ env: startup.effectiveEnv });
    case 'logout':
      return createLogoutCommand({ env: startup.effectiveEnv });
    default:
      return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  }
}

/** How long Ctrl+C (or SIGTERM) waits for the cancelled job's cleanup (partial file, upload, ZIP, trace row). */
const CANCEL_CLEANUP_LIMIT_MS = 10_000;
/** The shell's code for a run ended by SIGINT, when the cleanup did not finish in time. */
const EXIT_INTERRUPTED = 130;

async function main(): Promise<void> {
  configureSdkProcessEnvironment();
  const controller = new AbortController();
  // The command returns only once the cancelled job has cleaned up; should that hang, the process still ends in
  // time, and the next start's sweep finishes what the journal names. A second Ctrl+C ends it at once.
  const cancel = (): void => {
    controller.abort();
    setTimeout(() => process.exit(EXIT_INTERRUPTED), CANCEL_CLEANUP_LIMIT_MS).unref();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  process.exitCode = await runCli(
    process.argv.slice(2),
    { stdout: process.stdout, stderr: process.stderr, signal: controller.signal },
  );
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
