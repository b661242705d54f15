import { type Backend, openBackend } from './backend.js';
import { type Command, type CommandIo, EXIT, tell } from './cli/command.js';
import { searchCommand } from './cli/search-command.js';

const COMMANDS: Readonly<Record<string, Command>> = {
  search: searchCommand,
};

const USAGE = `Usage: npm run -s cli -- <command> …
Commands:
  search <nhs-number> [--json]   list a patient's documents (--json: the FHIR R4 Bundle only)`;

/** Runs one CLI invocation; expected failures become messages and exit codes, never stack traces. */
export async function runCli(argv: ReadonlyArray<string>, io: CommandIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    tell(io, name === undefined ? USAGE : `Unknown command "${name}".\n${USAGE}`);
    return EXIT.invalidInput;
  }
  let backend: Backend | undefined;
  const open = async (): Promise<Backend | undefined> => {
    const opened = await openBackend(env);
    if (!opened.ok) {
      tell(io, opened.error.message);
      return undefined;
    }
    backend = opened.value;
    return backend;
  };
  try {
    return await command(args, io, open);
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      tell(io, `${error.message}\n${USAGE}`);
      return EXIT.invalidInput;
    }
    tell(io, `Something went wrong that the app did not expect: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  } finally {
    await backend?.close();
  }
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
