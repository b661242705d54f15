// @vitest-environment node
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DownloadJobResult, DownloadRequest, SavedDownload } from '../../main/download/download-job.js';
import { openLogger, type Logger } from '../../main/logging/logger.js';
import { loggedDownload } from '../../main/services-logging.js';
import type { DownloadProgress, DownloadSummary } from '../../common/download.js';

const SUMMARY: DownloadSummary = {
  file: '/home/user/Downloads/patient-record-9990000018.zip',
  sha256: 'a'.repeat(64),
  bytes: 4_096,
  included: [{ id: 'd1', fileName: 'Zoë Müller.pdf', entryName: 'Zoë Müller.pdf' }],
  missing: [{ id: 'd2', fileName: 'Scan(1).pdf', error: 'not found' }],
  excluded: [],
  correlationId: 'c1',
  zipLocation: 's3://zips/tmp/c1.zip',
  traceId: 't1',
  savedAt: '2026-01-01T00:00:00.000Z',
};

const progress = (phase: DownloadProgress['phase'], documentsDone: number): DownloadProgress => ({ phase, documentsDone, documentsFailed: 0, documentsTotal: 2, bytesDone: documentsDone * 100 });

// The manifest travels with the summary from the job to the archive; the log reads only the summary.
const SAVED: SavedDownload = {
  summary: SUMMARY,
  manifest: {
    format: 'document-store-desktop/manifest@1',
    nhsNumber: '9990000018',
    correlationId: SUMMARY.correlationId,
    createdAt: SUMMARY.savedAt,
    application: { name: 'Document Store Desktop', version: '0.1.0' },
    counts: { included: 1, excluded: 0, missing: 1 },
    documents: [],
  },
};

describe('download logging', () => {
  let dataDir: string;
  let logger: Logger;
  const lines = () =>
    readFileSync(logger.file ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; event: string; fields: Record<string, unknown> });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-logged-download-'));
    logger = openLogger(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function request(onProgress = vi.fn()): DownloadRequest & { onProgress: typeof onProgress } {
    return { nhsNumber: '999 000 0018', folder: '/home/user/Downloads', onProgress };
  }

  it('logs the start, each change of phase once, and the end with counts and bytes; progress still reaches the caller', async () => {
    const asked = request();
    const run = (logged: DownloadRequest): Promise<DownloadJobResult> => {
      for (const event of [progress('querying', 0), progress('zipping', 0), progress('zipping', 1), progress('zipping', 2), progress('saving', 2)]) {
        logged.onProgress?.(event);
      }
      return Promise.resolve({ ok: true, value: SAVED });
    };
    expect(await loggedDownload(asked, run, logger)).toEqual({ ok: true, value: SAVED });

    expect(asked.onProgress).toHaveBeenCalledTimes(5);
    const logged = lines();
    expect(logged.map((line) => [line.event, line.fields.phase])).toEqual([
      ['download.start', undefined],
      ['download.phase', 'querying'],
      ['download.phase', 'zipping'],
      ['download.phase', 'saving'],
      ['download.end', undefined],
    ]);
    expect(logged.at(-1)?.fields).toEqual({
      nhsNumber: expect.stringMatching(/^nhs#[0-9a-f]{8}$/),
      ok: true,
      included: 1,
      missing: 1,
      excluded: 0,
      bytes: 4_096,
      durationMs: expect.any(Number),
    });
    const text = readFileSync(logger.file ?? '', 'utf8');
    expect(text).not.toMatch(/999[\s-]*000[\s-]*0018|Zoë|Scan\(1\)|Downloads/);
  });

  it('logs a failure by its code, without a message that lists file names', async () => {
    const message = 'None of the documents could be read from storage (Zoë Müller.pdf, Scan(1).pdf), so no ZIP was made.';
    const result = await loggedDownload(request(), () => Promise.resolve({ ok: false, error: { code: 'all-missing', message } }), logger);
    expect(result).toMatchObject({ ok: false });
    const end = lines().at(-1);
    expect(end).toMatchObject({ level: 'warn', event: 'download.end', fields: { ok: false, code: 'all-missing', lastPhase: 'none' } });
    expect(end?.fields).not.toHaveProperty('message');
    expect(readFileSync(logger.file ?? '', 'utf8')).not.toContain('Zoë');
  });

  it('logs other failures with their message, masked, and a cancel as information', async () => {
    await loggedDownload(
      request(),
      () => Promise.resolve({ ok: false, error: { code: 'folder-not-writable', message: 'The folder /srv/records/Zoë Müller cannot be written to.' } }),
      logger,
    );
    await loggedDownload(request(), () => Promise.resolve({ ok: false, error: { code: 'cancelled', message: 'Download cancelled.' } }), logger);
    const [failed, cancelled] = lines().filter((line) => line.event === 'download.end');
    expect(failed).toMatchObject({ level: 'warn', fields: { code: 'folder-not-writable', message: expect.stringMatching(/^The folder …\/file#/) } });
    expect(cancelled).toMatchObject({ level: 'info', fields: { code: 'cancelled' } });
    expect(readFileSync(logger.file ?? '', 'utf8')).not.toContain('Zoë');
  });
});
