import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from './paths.js';

/** The sandbox emulators running in a process of their own, and the variables a client needs to reach them. */
export interface SandboxProcess {
  readonly env: Readonly<Record<string, string>>;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts `main/sandbox/serve.ts --print-env --data-dir DIR` (what `npm run sandbox` runs) and waits for READY.
 *
 * The emulators then live outside the measured processes, so their CPU and memory never count as the job's.
 */
export async function startSandboxProcess(dataDir: string): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/serve.ts', '--print-env', '--data-dir', dataDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    const env = await readEnvironment(child, () => stderr);
    return { env, pid: child.pid, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function readEnvironment(child: ChildProcess, stderr: () => string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    const timer = setTimeout(() => fail(new Error(`the sandbox did not print READY within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => fail(new Error(`the sandbox exited (code ${String(code)}) before READY: ${stderr()}`));
    function fail(error: Error): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      reject(error);
    }
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (line === 'READY') {
        clearTimeout(timer);
        child.off('exit', onExit);
        lines.close();
        resolve(env);
        return;
      }
      const equals = line.indexOf('=');
      if (equals > 0) {
        env[line.slice(0, equals)] = line.slice(equals + 1);
      }
    });
  });
}

/** Asks the process to stop (the sandbox closes its emulators on SIGTERM) and kills it if it does not. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
