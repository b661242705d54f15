import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SaveObject } from '../lib/seed-bench.js';
import type { AppBackend, AppModules } from './app-modules.js';
import type { PreparedJob } from './job.js';

const FILE_NAME = 'patient-record-bench.zip';

/** The app's save: presigned URL to a `.partial` file, SHA-256 as it streams, fsync, size and hash check, rename. */
export function prepareOurSave(app: AppModules, backend: AppBackend, object: SaveObject, workDir: string): PreparedJob {
  const folder = join(workDir, 'saves');
  let saved: string | undefined;
  const presign = (): Promise<string> =>
    app.presignZipDownload(backend.clients.s3, { bucket: object.bucket, key: object.key }, FILE_NAME, backend.config.presignExpirySeconds);
  return {
    async run(mark) {
      mark('saving');
      const file = await app.saveToFolder({
        url: await presign(),
        refreshUrl: presign,
        folder,
        fileName: FILE_NAME,
        expectedSha256: object.sha256,
        expectedBytes: object.bytes,
        onProgress: ({ phase }) => {
          if (phase === 'verifying') {
            mark('verifying');
          }
        },
      });
      saved = file.path;
      return { outputBytes: file.bytes };
    },
    async cleanUp() {
      if (saved !== undefined) {
        await rm(saved, { force: true });
      }
    },
  };
}

/** `curl -s -o FILE URL` of the same presigned URL: what a plain download costs, with no check and no fsync. */
export function prepareCurlSave(app: AppModules, backend: AppBackend, object: SaveObject, workDir: string): PreparedJob {
  const file = join(workDir, 'saves', FILE_NAME);
  return {
    async run(mark) {
      mark('saving');
      const url = await app.presignZipDownload(backend.clients.s3, { bucket: object.bucket, key: object.key }, FILE_NAME, 1800);
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn('curl', ['-s', '-f', '-o', file, url], { stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', resolve);
      });
      if (code !== 0) {
        throw new Error(`curl exited with ${String(code)}`);
      }
      return { outputBytes: (await stat(file)).size };
    },
    async cleanUp() {
      await rm(file, { force: true });
    },
  };
}
