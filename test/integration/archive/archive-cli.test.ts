import { rename, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEntryView, ArchiveImport } from '../../../common/archive.js';
import { runTsx } from '../../support/run-script.js';
import { PDF, PNG, flipByte, tempFolder, writeOurZip } from '../../unit/archive/archive-fixtures.js';

// Nothing listens on the discard port: any attempt to reach AWS would fail, so passing runs prove the archive is offline.
const UNREACHABLE = 'http://127.0.0.1:9';

describe('cli archive, with every AWS endpoint unreachable', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let saves: Awaited<ReturnType<typeof tempFolder>>;
  const cli = (args: ReadonlyArray<string>) =>
    runTsx('main/cli.ts', ['archive', ...args], {
      DOCSTORE_DATA_DIR: dataDir.path,
      DOCSTORE_ENV: 'prod',
      AWS_REGION: 'eu-west-2',
      AWS_ENDPOINT_URL_DYNAMODB: UNREACHABLE,
      AWS_ENDPOINT_URL_S3: UNREACHABLE,
      AWS_ENDPOINT_URL_SQS: UNREACHABLE,
    });

  beforeAll(async () => {
    dataDir = await tempFolder('archive-cli-data');
    saves = await tempFolder('archive-cli-saves');
  });
  afterAll(async () => {
    await Promise.all([dataDir.remove(), saves.remove()]);
  });

  // Each run starts a Node process that loads the whole CLI (about 2–5 s); the default timeout is too tight for six.
  it('adds, lists and verifies ZIPs, then reports a changed and a missing one with exit code 1', { timeout: 180_000 }, async () => {
    const letter = await writeOurZip(join(saves.path, 'letter.zip'), [{ name: 'Letter.pdf', data: PDF }]);
    const scan = await writeOurZip(join(saves.path, 'scan.zip'), [{ name: 'Scan.png', data: PNG }]);

    const addedLetter = await cli(['add', letter.file]);
    expect(addedLetter).toMatchObject({ code: 0, stdout: expect.stringContaining('Added to the archive') });
    const addedScan = await cli(['add', scan.file, '--json']);
    expect(addedScan.code).toBe(0);
    expect((JSON.parse(addedScan.stdout) as ArchiveImport).entry).toMatchObject({ path: scan.file, sha256: scan.sha256, manifestVerified: true });

    const listed = await cli(['list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as ArchiveEntryView[]).map((view) => view.entry.path).sort()).toEqual([letter.file, scan.file].sort());

    const verified = await cli(['verify', '--all']);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('2 verified, 0 changed, 0 missing.') });

    await flipByte(letter.file, Math.floor(letter.bytes / 2));
    await rename(scan.file, join(saves.path, 'moved.zip'));
    const checked = await cli(['verify', '--all', '--json']);

    expect(checked.code).toBe(1);
    const statuses = new Map((JSON.parse(checked.stdout) as ArchiveEntryView[]).map((view) => [view.entry.path, view.status]));
    expect(statuses).toEqual(new Map([[letter.file, 'changed'], [scan.file, 'missing']]));
    expect(checked.stderr).toContain('have changed or are missing');
  });

  it('refuses a truncated ZIP with a clear message and exit code 1', async () => {
    const zip = await writeOurZip(join(saves.path, 'cut.zip'), [{ name: 'Letter.pdf', data: PDF }]);
    await truncate(zip.file, zip.bytes - 10);

    const { code, stdout, stderr } = await cli(['add', zip.file]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('This file is not a readable ZIP');
    expect(stderr).not.toMatch(/\n\s+at /u);
  });
});
