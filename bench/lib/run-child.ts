import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, RUNNER_ENTRY } from './paths.js';
import { RESULT_PREFIX, type RunnerInput, type RunnerResult } from './tasks.js';

const active = new Set<ChildProcess>();

/** Runs one task in a fresh runner process; a run that outlives `timeoutMs` is killed and reported as failed. */
export function runInChild(input: RunnerInput, timeoutMs: number, nodeArgs: ReadonlyArray<string> = []): Promise<RunnerResult> {
  // A file, not a variable: a raw copy of 5,000 documents lists more keys than one environment string may hold.
  const taskFile = join(input.workDir, 'task.json');
  writeFileSync(taskFile, JSON.stringify(input));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', RUNNER_ENTRY], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TMPDIR: process.env.TMPDIR ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_TASK_FILE: taskFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    active.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      active.delete(child);
      resolve({ ok: false, error: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      active.delete(child);
      const line = stdout.split('\n').reverse().find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (timedOut) {
        resolve({ ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s` });
      } else if (line === undefined) {
        resolve({ ok: false, error: `runner exited with ${String(code)} and no result: ${stderr}` });
      } else {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as RunnerResult);
      }
    });
  });
}

/** Kills the runner processes still going, by their own ids (for SIGINT). */
export function killActiveChildren(): void {
  for (const child of active) {
    child.kill('SIGKILL');
  }
}
