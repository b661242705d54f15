/**
 * What the services write to the log about a job, masked: a download's start, each change of phase and its end, and
 * every audit flush that sent, kept or lost something. Separate from main/services.ts, which wires the jobs.
 */
import type { AuditOutbox } from './audit/audit-outbox.js';
import type { DownloadJobResult, DownloadRequest } from './download/download-job.js';
import type { Logger } from './logging/logger.js';

// Messages that quote what the user typed (a mistyped NHS number passes no check digit, so the defensive pass would
// not mask it) or list the documents' file names: only their code is logged.
const MESSAGES_WITH_PATIENT_DATA: ReadonlySet<string> = new Set(['invalid-nhs-number', 'all-missing']);

export function loggableMessage(error: { readonly code: string; readonly message: string }): { readonly message?: string } {
  return MESSAGES_WITH_PATIENT_DATA.has(error.code) ? {} : { message: error.message };
}

/** Logs a download's start, each change of phase and its end: masked NHS number and folder, counts, bytes, duration. */
export async function loggedDownload(
  request: DownloadRequest,
  run: (request: DownloadRequest) => Promise<DownloadJobResult>,
  logger: Logger,
): Promise<DownloadJobResult> {
  const started = performance.now();
  const { nhsNumber } = request;
  let phase: string | undefined;
  logger.info('download.start', { nhsNumber, folder: request.folder });
  const result = await run({
    ...request,
    onProgress: (progress) => {
      if (progress.phase !== phase) {
        phase = progress.phase;
        const { documentsDone, documentsTotal, bytesDone } = progress;
        logger.info('download.phase', { nhsNumber, phase, documentsDone, documentsTotal, bytesDone, elapsedMs: Math.round(performance.now() - started) });
      }
      request.onProgress?.(progress);
    },
  });
  const durationMs = Math.round(performance.now() - started);
  if (result.ok) {
    const { included, missing, excluded, bytes } = result.value.summary;
    logger.info('download.end', { nhsNumber, ok: true, included: included.length, missing: missing.length, excluded: excluded.length, bytes, durationMs });
  } else {
    const level = result.error.code === 'cancelled' || result.error.code === 'nothing-to-download' ? 'info' : 'warn';
    logger[level]('download.end', { nhsNumber, ok: false, code: result.error.code, ...loggableMessage(result.error), lastPhase: phase ?? 'none', durationMs });
  }
  return result;
}

/** The outbox, with every flush that sent, kept or lost something logged (an idle flush is not). */
export function loggedOutbox(outbox: AuditOutbox, logger: Logger): AuditOutbox {
  return {
    enqueue: (message) => outbox.enqueue(message),
    hold: (message) => outbox.hold(message),
    confirm: (eventId) => outbox.confirm(eventId),
    discard: (eventId) => outbox.discard(eventId),
    pendingCount: () => outbox.pendingCount(),
    async flush() {
      const result = await outbox.flush();
      const { sent, pending, corrupt, error } = result;
      if (error !== undefined || corrupt.length > 0) {
        logger.warn('audit.flush', { sent, pending, corrupt: corrupt.length, ...(error === undefined ? {} : { error }) });
      } else if (sent > 0 || pending > 0) {
        logger.info('audit.flush', { sent, pending });
      }
      return result;
    },
  };
}
