import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEntryView } from '../../../common/archive.js';
import type { DownloadSummary } from '../../../common/download.js';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { tempFolder } from '../../unit/archive/archive-fixtures.js';

const MIXED_ELIGIBILITY = '9990000042';
const UNREACHABLE = 'http://127.0.0.1:9';

describe('a verified save is recorded in the archive', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let saves: Awaited<ReturnType<typeof tempFolder>>;

  beforeAll(async () => {
    dataDir = await tempFolder('archive-download-data');
    saves = await tempFolder('archive-download-saves');
  });
  afterAll(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  it('lists and verifies a CLI download afterwards, offline', { timeout: 180_000 }, async () => {
    // The patient has no registered GP: PCSE may download their record.
    const downloaded = await runTsx('main/cli.ts', ['download', MIXED_ELIGIBILITY, '--out', saves.path, '--json'], {
      ...sandboxEnv(),
      DOCSTORE_DATA_DIR: dataDir.path,
      DOCSTORE_SANDBOX_USER: '555000000005',
    });
    expect(downloaded.code).toBe(0);
    const summary = JSON.parse(downloaded.stdout) as DownloadSummary;
    expect(summary).not.toHaveProperty('archiveProblem');

    const offline = { DOCSTORE_DATA_DIR: dataDir.path, AWS_ENDPOINT_URL_DYNAMODB: UNREACHABLE, AWS_ENDPOINT_URL_S3: UNREACHABLE, AWS_ENDPOINT_URL_SQS: UNREACHABLE };
    const listed = await runTsx('main/cli.ts', ['archive', 'list', '--nhs', MIXED_ELIGIBILITY, '--json'], offline);

    expect(listed.code).toBe(0);
    const [view, ...others] = JSON.parse(listed.stdout) as ArchiveEntryView[];
    expect(others).toEqual([]);
    expect(view?.entry).toMatchObject({
      source: 'download',
      nhsNumber: MIXED_ELIGIBILITY,
      path: summary.file,
      sha256: summary.sha256,
      bytes: summary.bytes,
      documentCount: summary.included.length,
      missingCount: summary.missing.length,
      correlationId: summary.correlationId,
      environment: 'sandbox',
      savedAt: summary.savedAt,
    });
    expect(view?.entry.documents.map((document) => document.id).sort()).toEqual(
      [...summary.included, ...summary.missing, ...summary.excluded].map((document) => document.id).sort(),
    );

    const verified = await runTsx('main/cli.ts', ['archive', 'verify', view?.entry.id ?? '', '--json'], offline);
    expect(verified.code).toBe(0);
    expect((JSON.parse(verified.stdout) as ArchiveEntryView[])[0]?.status).toBe('verified');
  });
});
