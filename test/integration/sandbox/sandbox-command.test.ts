import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runTsx } from '../../support/run-script.js';

interface RunningSandboxProcess {
  readonly env: Record<string, string>;
  readonly stdoutLines: ReadonlyArray<string>;
  stop(): Promise<number | null>;
}

/** Starts `npm run sandbox -- --print-env` as a child and waits for READY. */
function startSandboxProcess(extraArgs: ReadonlyArray<string> = []): Promise<RunningSandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/serve.ts', '--print-env', ...extraArgs], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      if (!lines.includes('READY')) {return;}
      const stdoutLines = lines.slice(0, lines.indexOf('READY') + 1);
      const env = Object.fromEntries(stdoutLines.slice(0, -1).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      resolve({
        env,
        stdoutLines,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`sandbox exited early with ${code}`)));
  });
}

function portIsClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('npm run sandbox', () => {
  it('prints every client variable then READY, serves, and frees its ports on SIGTERM', async () => {
    const sandbox = await startSandboxProcess();
    expect(Object.keys(sandbox.env).sort()).toEqual(
      [
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL_DYNAMODB',
        'AWS_ENDPOINT_URL_S3',
        'AWS_ENDPOINT_URL_SQS',
        'AWS_ENDPOINT_URL_STS',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'DOCSTORE_AUDIT_QUEUE_URL',
        'DOCSTORE_DOCUMENT_BUCKET',
        'DOCSTORE_ENV',
        'DOCSTORE_METADATA_TABLE',
        'DOCSTORE_OIDC_CLIENT_ID',
        'DOCSTORE_OIDC_ISSUER',
        'DOCSTORE_PDS_BASE_URL',
        'DOCSTORE_PDS_TOKEN_URL',
        'DOCSTORE_ROLE_ARN_GP_ADMIN',
        'DOCSTORE_ROLE_ARN_GP_CLINICAL',
        'DOCSTORE_ROLE_ARN_PCSE',
        'DOCSTORE_ZIP_BUCKET',
        'DOCSTORE_ZIP_TRACE_TABLE',
      ].sort(),
    );
    // A GP administrator at Riverside, where this patient is registered, signed in through the sandbox's provider.
    const search = await runTsx('main/cli.ts', ['search', '9990000018', '--json'], { ...sandbox.env, DOCSTORE_SANDBOX_USER: '555000000001' });
    expect(JSON.parse(search.stdout)).toMatchObject({ total: 12 });
    expect(await sandbox.stop()).toBe(0);
    const servers = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_STS', 'DOCSTORE_OIDC_ISSUER', 'DOCSTORE_PDS_BASE_URL'];
    for (const name of servers) {
      expect(await portIsClosed(sandbox.env[name] ?? '')).toBe(true);
    }
  });

  it('keeps its data across restarts with --data-dir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'docstore-sandbox-test-'));
    try {
      const first = await startSandboxProcess(['--data-dir', dataDir]);
      await first.stop();
      const second = await startSandboxProcess(['--data-dir', dataDir]);
      // The large record's patient is registered at Hillview: its administrator may list it.
      const search = await runTsx('main/cli.ts', ['search', '9990000034', '--json'], { ...second.env, DOCSTORE_SANDBOX_USER: '555000000003' });
      await second.stop();
      expect(JSON.parse(search.stdout)).toMatchObject({ total: 1_470 });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
