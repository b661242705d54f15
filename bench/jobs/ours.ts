import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { AppBackend, AppModules } from './app-modules.js';
import type { PreparedJob } from './job.js';

/**
 * Our download job exactly as the app runs it: query, ZIP streamed into a multipart upload, trace, presign, audit,
 * save with SHA-256 verification, "saved" audit.
 */
export async function prepareOurDownload(app: AppModules, backend: AppBackend, nhsNumber: string, workDir: string, prefetch?: number): Promise<PreparedJob> {
  const services = app.createAppServices(backend, prefetch === undefined ? undefined : { prefetch });
  // Audit events of earlier runs would otherwise be sent in the background while this one is timed.
  await services.flushAudit();
  const folder = join(workDir, 'saves');
  let zipLocation: string | undefined;
  let file: string | undefined;
  return {
    async run(mark) {
      let phase = '';
      const result = await services.download({
        nhsNumber,
        folder,
        onProgress: (progress) => {
          if (progress.phase !== phase) {
            phase = progress.phase;
            mark(phase);
          }
        },
      });
      if (!result.ok) {
        throw new Error(`download failed: ${result.error.code}: ${result.error.message}`);
      }
      zipLocation = result.value.zipLocation;
      file = result.value.file;
      return { outputBytes: result.value.bytes };
    },
    async cleanUp() {
      await services.flushAudit();
      const match = /^s3:\/\/([^/]+)\/(.+)$/u.exec(zipLocation ?? '');
      if (match !== null) {
        await backend.clients.s3.send(new DeleteObjectCommand({ Bucket: match[1], Key: match[2] }));
      }
      if (file !== undefined) {
        await rm(file, { force: true });
      }
    },
  };
}
