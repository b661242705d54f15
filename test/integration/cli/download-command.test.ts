import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_PATIENTS } from '../../../main/sandbox/patients.js';
import type { DownloadSummary } from '../../../common/download.js';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';

const unzipTest = promisify(execFile);

describe('cli download', () => {
  let out: string;
  let dataDir: string;
  const cli = (args: ReadonlyArray<string>) => runTsx('main/cli.ts', args, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir });

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
      await expect(unzipTest('unzip', ['-tqq', summary.file])).resolves.toBeDefined();
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
