import { type ChildProcess, spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../support/run-script.js';

/** How long the host has to stop by itself before it is killed. */
const STOP_GRACE_MS = 10_000;

/** A running `npm run web` host: its token URL and the folder it saves into. */
export interface PreviewHost {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the web preview host (main/web/serve.ts) as a child process with the given variables and waits for the
 * URL line. The renderer must already be built (out/renderer).
 */
export function startPreviewHost(downloads: string, env: Record<string, string>): Promise<PreviewHost> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/web/serve.ts', '--downloads', downloads], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = stdout.split('\n').find((line) => line.startsWith('http://127.0.0.1:'));
      if (url !== undefined) {
        resolve({
          url,
          stop: async () => {
            child.kill('SIGTERM');
            // A sign-in left open in the browser keeps the host's loopback listener alive after SIGTERM (reported
            // against main/setup/identity.ts): a test that failed mid-sign-in must not leave the host running.
            const stillRunning = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
            await exited;
            clearTimeout(stillRunning);
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`the preview host exited early:\n${stderr}`)));
  });
}
