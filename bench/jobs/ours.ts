import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { AppBackend, AppModules } from './app-modules.js';
import type { PreparedJob } from './job.js';

export interface OurDownloadOptions {
  readonly prefetch?: number | undefined;
  /**
   * Forces a full GC once every document is in the ZIP (the upload phase starts) and reports the heap still used:
   * what the job retains, which its peaks hide under garbage V8 has not yet collected. Needs `--expose-gc`, and
   * changes the peaks, so a probe run is never a timed or peak measurement.
   */
  readonly liveHeapProbe?: boolean | undefined;
  /**
   * The run goes on, as phase "trace copy", until the background S3 trace copy (same process, started once the file
   * is saved) is complete, so the measured peak is what a desktop sees; `milestonesMs.fileSaved` is the job's time.
   */
  readonly withTraceCopy?: boolean | undefined;
}

/**
 * Our download job exactly as the app runs it: query, ZIP streamed into a multipart upload, trace, presign, audit,
 * save with SHA-256 verification, "saved" audit.
 */
export async function prepareOurDownload(app: AppModules, backend: AppBackend, nhsNumber: string, workDir: string, options: OurDownloadOptions = {}): Promise<PreparedJob> {
  const { prefetch, liveHeapProbe = false, withTraceCopy = false } = options;
  const collect = liveHeapProbe ? exposedGc() : undefined;
  const services = app.createAppServices(backend, { gate: app.toolGate(), ...(prefetch === undefined ? {} : { tuning: { prefetch } }) });
  // Audit events of earlier runs would otherwise be sent in the background while this one is timed.
  await services.flushAudit();
  const folder = join(workDir, 'saves');
  let zipLocation: string | undefined;
  let file: string | undefined;
  return {
    async run(mark) {
      const start = performance.now();
      let phase = '';
      let liveHeapKib: number | undefined;
      const result = await services.download({
        nhsNumber,
        folder,
        onProgress: (progress) => {
          if (progress.phase !== phase) {
            phase = progress.phase;
            mark(phase);
            if (collect !== undefined && phase === 'uploading') {
              collect();
              liveHeapKib = Math.round(process.memoryUsage().heapUsed / 1024);
            }
          }
        },
      });
      if (!result.ok) {
        throw new Error(`download failed: ${result.error.code}: ${result.error.message}`);
      }
      zipLocation = result.value.zipLocation;
      file = result.value.file;
      const outcome = { outputBytes: result.value.bytes, ...(liveHeapKib === undefined ? {} : { liveHeapKib }) };
      if (!withTraceCopy || services.traceCopies === undefined) {
        return outcome;
      }
      const fileSaved = performance.now() - start;
      mark('trace copy');
      await services.traceCopies.idle();
      return { ...outcome, milestonesMs: { fileSaved, traceCopyComplete: performance.now() - start } };
    },
    async cleanUp() {
      // In single pass the trace copy goes on after the file is saved: let it finish before its object is removed.
      await services.traceCopies?.idle();
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

function exposedGc(): () => void {
  const { gc } = globalThis as { gc?: () => void };
  if (gc === undefined) {
    throw new Error('the live-heap probe needs node --expose-gc');
  }
  return gc;
}
