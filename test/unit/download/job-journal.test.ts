import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { journalEntry, journalFolder, readJournal } from '../../../main/jobs/job-journal.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'journal-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const CORRELATION_ID = '0b5c1a7e-5d7f-4f55-9a53-1f1f0e4f2a10';
const STARTED = new Date('2026-12-03T09:00:00.000Z');

function quietLog() {
  return { warn: vi.fn() };
}

describe('a job\'s journal entry', () => {
  it('is replaced, once the file is saved, by what its background trace copy needs, and nothing the sweep would remove', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog(), () => STARTED);
    await entry.note({ partialPath: '/saves/patient-record-9990000018.zip.partial', traceId: 'trace-1' });
    const copy = { file: '/saves/patient-record-9990000018.zip', bytes: 10, sha256: 'a'.repeat(64), bucket: 'zips', key: 'tmp/b.zip', traceId: 'trace-1' };
    await entry.replace({ traceCopy: copy });
    await entry.note({ traceCopy: { ...copy, uploadId: 'upload-2' } });

    const { entries } = await readJournal(dataDir);
    expect(entries).toEqual([
      expect.objectContaining({ record: { correlationId: CORRELATION_ID, pid: process.pid, host: hostname(), startedAt: STARTED.toISOString(), traceCopy: { ...copy, uploadId: 'upload-2' } } }),
    ]);
  });

  it('is written on the first note and grows with each, the ZIP\'s fields merged with those noted before', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog(), () => STARTED);
    await entry.note({ partialPath: '/saves/patient-record-9990000018.zip.partial' });
    await entry.note({ zip: { bucket: 'zips', key: 'tmp/a.zip', uploadId: 'upload-1' } });
    await entry.note({ zip: { bucket: 'zips', key: 'tmp/a.zip', versionId: 'v1' } });
    await entry.note({ traceId: 'trace-1' });

    const stored: unknown = JSON.parse(await readFile(join(journalFolder(dataDir), `${CORRELATION_ID}.json`), 'utf8'));
    expect(stored).toEqual({
      correlationId: CORRELATION_ID,
      pid: process.pid,
      host: hostname(),
      startedAt: STARTED.toISOString(),
      partialPath: '/saves/patient-record-9990000018.zip.partial',
      zip: { bucket: 'zips', key: 'tmp/a.zip', uploadId: 'upload-1', versionId: 'v1' },
      traceId: 'trace-1',
    });
    expect(await readdir(journalFolder(dataDir))).toEqual([`${CORRELATION_ID}.json`]);
  });

  it.skipIf(process.platform === 'win32')('is readable by the current user only: it names the patient\'s file', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog());
    await entry.note({ partialPath: '/saves/patient-record-9990000018.zip.partial' });
    expect((await stat(join(journalFolder(dataDir), `${CORRELATION_ID}.json`))).mode & 0o777).toBe(0o600);
  });

  it('keeps notes made without waiting in the order they were made', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog());
    void entry.note({ partialPath: '/saves/a.zip.partial' });
    void entry.note({ zip: { bucket: 'zips', key: 'tmp/a.zip' } });
    await entry.note({ traceId: 'trace-1' });
    const { entries } = await readJournal(dataDir);
    expect(entries).toEqual([{ file: expect.any(String), record: expect.objectContaining({ partialPath: '/saves/a.zip.partial', traceId: 'trace-1' }) }]);
  });

  it('is removed once the job has ended, and removing one never written is not an error', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog());
    await entry.note({ partialPath: '/saves/a.zip.partial' });
    await entry.remove();
    expect(await readdir(journalFolder(dataDir))).toEqual([]);
    const log = quietLog();
    await journalEntry(dataDir, 'never-noted', log).remove();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('logs a write it cannot make instead of failing the download', async () => {
    // A file where the journal's folder should be: every write fails.
    await writeFile(journalFolder(dataDir), 'not a folder');
    const log = quietLog();
    const entry = journalEntry(dataDir, CORRELATION_ID, log);
    await expect(entry.note({ partialPath: '/saves/a.zip.partial' })).resolves.toBeUndefined();
    expect(log.warn).toHaveBeenCalledWith('jobs.journal-write-failed', expect.objectContaining({ step: 'note', correlationId: CORRELATION_ID }));
  });
});

describe('readJournal', () => {
  it('finds no entries when the journal was never written', async () => {
    expect(await readJournal(dataDir)).toEqual({ entries: [], leftoverTemporaries: [] });
  });

  it('reads every entry, says which cannot be read, and lists temporary files a crash left', async () => {
    const entry = journalEntry(dataDir, CORRELATION_ID, quietLog());
    await entry.note({ partialPath: '/saves/a.zip.partial' });
    const folder = journalFolder(dataDir);
    await writeFile(join(folder, 'torn.json'), '{"correlationId":');
    await writeFile(join(folder, 'foreign.json'), JSON.stringify({ partialPath: '/etc/passwd' }));
    await writeFile(join(folder, `${CORRELATION_ID}.json.1234.tmp`), '{');
    await mkdir(join(folder, 'unrelated'));

    const { entries, leftoverTemporaries } = await readJournal(dataDir);

    expect(entries).toHaveLength(3);
    expect(entries).toContainEqual({ file: join(folder, `${CORRELATION_ID}.json`), record: expect.objectContaining({ correlationId: CORRELATION_ID }) });
    expect(entries).toContainEqual({ file: join(folder, 'torn.json'), unreadable: expect.any(String) });
    expect(entries).toContainEqual({ file: join(folder, 'foreign.json'), unreadable: expect.any(String) });
    expect(leftoverTemporaries).toEqual([join(folder, `${CORRELATION_ID}.json.1234.tmp`)]);
  });
});
