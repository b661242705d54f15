/**
 * `--doctor` on the installed app: the same IT check as `cli doctor`, printed to stdout before any window opens,
 * with exit code 1 when something is wrong. main/index.ts asks `doctorSwitch` and, when it answers, runs this.
 */
import type { Environment } from '../../config/config.js';
import { setupConfig } from '../../setup/setup.js';
import type { CommandIo } from '../command.js';
import { doctorCommand } from '../doctor-command.js';
import { type DoctorProbes, realProbes } from './doctor-checks.js';

export const DOCTOR_SWITCH = '--doctor';

/**
 * The `doctor` arguments the app's command line asks for, or undefined when it does not ask for the check.
 *
 * Pure. Electron's argv holds the executable (and in development the app's folder) and may hold Chromium's own
 * switches, so only the doctor's options are taken: `--json`, `--settings` and `--folder <folder>` (or `--folder=…`).
 */
export function doctorSwitch(argv: ReadonlyArray<string>): string[] | undefined {
  if (!argv.includes(DOCTOR_SWITCH)) {
    return undefined;
  }
  const args: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === '--json' || arg === '--settings') {
      args.push(arg);
    } else if (arg.startsWith('--folder=')) {
      args.push('--folder', arg.slice('--folder='.length));
    } else if (arg === '--folder' && argv[index + 1] !== undefined) {
      args.push('--folder', argv[index + 1] ?? '');
    }
  });
  return args;
}

/** How the app runs: where its data folder is, and whether a development policy file may be named. */
export interface DoctorShell {
  /** Electron's userData folder: the data folder when DOCSTORE_DATA_DIR is unset, as the app itself starts. */
  readonly userData: string;
  readonly packaged: boolean;
  readonly env?: Environment;
  readonly io?: CommandIo;
  readonly probes?: DoctorProbes;
}

/** Reads the configuration and policy exactly as the app starts, runs the check and gives its exit code. Never throws. */
export async function runDoctorSwitch(args: ReadonlyArray<string>, shell: DoctorShell): Promise<number> {
  const io = shell.io ?? { stdout: process.stdout, stderr: process.stderr, signal: new AbortController().signal };
  try {
    const startup = await setupConfig({
      ...(shell.env === undefined ? {} : { env: shell.env }),
      defaultDataDir: shell.userData,
      // As the app: DOCSTORE_POLICY_FILE is honoured in development only.
      allowPolicyPathOverride: !shell.packaged,
    });
    return await doctorCommand(args, io, startup, shell.probes ?? realProbes);
  } catch (error) {
    io.stderr.write(`The check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
