import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_DESCRIPTION } from '../../../main/audit/audit-messages.js';
import { SYNTHETIC_PATIENTS } from '../../../main/sandbox/patients.js';
import type { Backend } from '../../../main/setup/backend.js';
import type { DownloadSummary } from '../../../common/download.js';
import type { SearchsetBundle } from '../../../common/fhir.js';
import { MANIFEST_ENTRY_NAME, type Manifest } from '../../../common/manifest.js';
import { runTsx } from '../../support/run-script.js';
import { openSandboxBackend, sandboxEnv } from '../../support/sandbox-backend.js';
import { createSizedQueue, drainQueue } from '../audit/support/sized-queue.js';
import { asWhoMayDownload } from './support/sandbox-users.js';

const run = promisify(execFile);
const MIXED = SYNTHETIC_PATIENTS.find((patient) => patient.nhsNumber === '9990000042');

describe('cli download', () => {
  let out: string;
  let dataDir: string;
  // Signed in as a sandbox person whose role may download the patient's record.
  const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
    runTsx('main/cli.ts', args, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir, ...asWhoMayDownload(args[1]), ...env });

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'docstore-cli-out-'));
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-cli-data-'));
  });
  afterAll(async () => {
    await Promise.all([out, dataDir].map((path) => rm(path, { recursive: true, force: true })));
  });

  it.each(SYNTHETIC_PATIENTS.filter((patient) => patient.documents.length > 0).map((patient) => [patient.label, patient.nhsNumber]))(
    'saves a ZIP that unzip -t accepts for %s, with only JSON on stdout',
    async (_label, nhsNumber) => {
      const { code, stdout } = await cli(['download', nhsNumber, '--out', out, '--json']);
      expect(code).toBe(0);
      const summary = JSON.parse(stdout) as DownloadSummary;
      expect(summary).toMatchObject({ file: join(out, `patient-record-${nhsNumber}.zip`), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(Object.keys(summary)).toEqual(expect.arrayContaining(['file', 'sha256', 'bytes', 'included', 'missing', 'excluded', 'correlationId', 'zipLocation', 'traceId']));
      await expect(run('unzip', ['-tqq', summary.file])).resolves.toBeDefined();
    },
  );

  it('exits 3 when the patient has nothing to download, saving nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'docstore-cli-empty-'));
    try {
      const { code, stdout, stderr } = await cli(['download', '9990000069', '--out', empty, '--json']);
      expect(code).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toContain('no documents available to download');
      expect(await readdir(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 for an invalid NHS number or a missing --out', async () => {
    expect((await cli(['download', '9990000019', '--out', out])).code).toBe(2);
    const missingOut = await cli(['download', '9990000018']);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain('--out');
  });

  it('lists missing and left-out documents for people', async () => {
    const { code, stdout } = await cli(['download', '9990000042', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('Saved and verified');
    expect(stdout).toContain('Lost in storage.pdf: The file was not found in storage.');
    expect(stdout).toContain('Infected attachment.pdf: virus scan: Infected');
  });

  describe('--documents', () => {
    let backend: Backend;
    let auditQueue: Awaited<ReturnType<typeof createSizedQueue>>;

    beforeAll(async () => {
      backend = await openSandboxBackend();
      auditQueue = await createSizedQueue(backend, 262_144);
    });
    afterAll(async () => {
      await auditQueue.remove();
      await backend.close();
    });

    /** The id of each listed document of the mixed-eligibility patient, by file name, as `search --json` gives them. */
    async function idsByName(): Promise<ReadonlyMap<string, string>> {
      const { stdout } = await cli(['search', '9990000042', '--json']);
      const bundle = JSON.parse(stdout) as SearchsetBundle;
      return new Map((bundle.entry ?? []).map(({ resource }) => [resource.content[0].attachment.title, resource.id]));
    }

    async function inEmptyFolder(use: (folder: string) => Promise<void>): Promise<void> {
      const folder = await mkdtemp(join(tmpdir(), 'docstore-cli-chosen-'));
      try {
        await use(folder);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }

    it('saves exactly the chosen documents, says why a chosen one could not be, and lists the rest as not chosen', async () => {
      const ids = await idsByName();
      const letter = ids.get('Clinic letter.pdf') ?? '';
      const infected = ids.get('Infected attachment.pdf') ?? '';
      await inEmptyFolder(async (folder) => {
        const { code, stdout } = await cli(['download', '9990000042', '--out', folder, '--documents', `${letter}, ${infected}`, '--json'], {
          DOCSTORE_AUDIT_QUEUE_URL: auditQueue.url,
        });
        expect(code).toBe(0);
        const summary = JSON.parse(stdout) as DownloadSummary;
        expect(Object.keys(summary).toSorted()).toEqual(
          ['bytes', 'correlationId', 'excluded', 'file', 'included', 'missing', 'recordPdf', 'savedAt', 'sha256', 'traceCopy', 'traceId', 'zipLocation'].toSorted(),
        );
        expect(summary.included).toEqual([{ id: letter, fileName: 'Clinic letter.pdf', entryName: 'Clinic letter.pdf' }]);
        expect(summary.excluded).toEqual([{ id: infected, fileName: 'Infected attachment.pdf', reason: 'virus scan: Infected' }]);
        expect(summary.missing).toEqual([]);

        const { stdout: entries } = await run('unzip', ['-Z1', summary.file]);
        expect(entries.trim().split('\n').toSorted()).toEqual(['Clinic letter.pdf', MANIFEST_ENTRY_NAME].toSorted());
        const { stdout: manifestText } = await run('unzip', ['-p', summary.file, MANIFEST_ENTRY_NAME]);
        const manifest = JSON.parse(manifestText) as Manifest;
        expect(manifest.documents).toHaveLength(MIXED?.documents.length ?? 0);
        const statusOf = (fileName: string) => manifest.documents.find((document) => document.fileName === fileName);
        expect(statusOf('Clinic letter.pdf')).toMatchObject({ status: 'included' });
        expect(statusOf('Infected attachment.pdf')).toMatchObject({ status: 'excluded', reason: 'virus scan: Infected' });
        expect(statusOf('Wound photo.png')).toMatchObject({ status: 'excluded', reason: 'not chosen' });
        expect(statusOf('Lost in storage.pdf')).toMatchObject({ status: 'excluded', reason: 'not chosen' });

        // The audit names exactly what was delivered: the documents in the ZIP.
        const audited = (await drainQueue(backend, auditQueue.url))
          .map((message) => JSON.parse(message.body) as { correlationId: string; description: string; fileMetadataList?: Array<{ id: string }> })
          .filter((body) => body.correlationId === summary.correlationId && body.description === DOWNLOAD_DESCRIPTION);
        expect(audited.flatMap((body) => body.fileMetadataList ?? []).map((file) => file.id)).toEqual([letter]);
      });
    });

    it('saves nothing when a chosen document is not in the record, and says to search again', async () => {
      const ids = await idsByName();
      await inEmptyFolder(async (folder) => {
        const chosen = `${ids.get('Clinic letter.pdf') ?? ''},not-a-document-of-this-patient`;
        const { code, stdout, stderr } = await cli(['download', '9990000042', '--out', folder, '--documents', chosen, '--json']);
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toContain("Some chosen documents are no longer in this patient's record. Search again and choose again.");
        expect(await readdir(folder)).toEqual([]);
      });
    });

    it.each([['a,a'], ['a,,b'], [''], ['x'.repeat(129)]])('exits 2 for --documents %j before reading anything', async (documents) => {
      const { code, stderr } = await cli(['download', '9990000042', '--out', out, '--documents', documents]);
      expect(code).toBe(2);
      expect(stderr).toContain('--documents takes from 1 to 5,000 document ids separated by commas, each named once.');
    });
  });

  it('logs its runs to the data folder, masked, and nothing of it to stdout or stderr', async () => {
    const { code, stdout, stderr } = await cli(['download', '9990000026', '--out', out, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).not.toContain('"event"');

    const log = await readFile(join(dataDir, 'logs', 'document-store.log'), 'utf8');
    const events = log.trim().split('\n').map((line) => JSON.parse(line) as { event: string; fields: Record<string, unknown> });
    expect(events.map((line) => line.event)).toEqual(expect.arrayContaining(['cli.start', 'app.start', 'download.start', 'download.phase', 'download.end', 'cli.end']));
    expect(events.find((line) => line.event === 'app.start')?.fields).toMatchObject({ shell: 'cli', environment: 'sandbox', managed: false });
    const patients = SYNTHETIC_PATIENTS.filter((patient) => patient.documents.length > 0);
    for (const patient of patients) {
      expect(log).not.toContain(patient.nhsNumber);
    }
    // Every synthetic document's name, downloaded by the tests above into the same data folder.
    for (const name of [...patients.flatMap((patient) => patient.documents.map((document) => document.fileName)), 'patient-record-', out]) {
      expect(log).not.toContain(name);
    }
  });
});
