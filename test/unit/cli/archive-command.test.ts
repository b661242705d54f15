import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiveCommand } from '../../../main/cli/archive-command.js';
import type { CommandIo } from '../../../main/cli/command.js';
import { PDF, tempFolder, writeOurZip } from '../archive/archive-fixtures.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('archive command', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let openedServices: boolean;

  beforeEach(async () => {
    dataDir = await tempFolder('archive-cli');
    openedServices = false;
  });
  afterEach(() => dataDir.remove());

  async function run(args: ReadonlyArray<string>, env: Record<string, string> = { DOCSTORE_DATA_DIR: dataDir.path }): Promise<Run> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const io: CommandIo = { stdout, stderr, signal: new AbortController().signal };
    const code = await createArchiveCommand({ env })(args, io, () => {
      openedServices = true;
      return Promise.resolve(undefined);
    });
    stdout.end();
    stderr.end();
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  }

  it('exits 2 with the usage for a wrong command line, before touching the archive', async () => {
    for (const args of [[], ['tidy'], ['verify'], ['verify', 'x', '--all'], ['add'], ['list', 'extra']]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain('Usage: cli archive');
    }
    expect((await run(['list', '--nhs', '123'])).stderr).toContain('An NHS number has 10 digits');
  });

  it('lists an empty archive without ever opening the AWS services', async () => {
    expect(await run(['list'])).toEqual({ code: 0, stdout: 'The archive is empty.\n', stderr: '' });
    expect(await run(['list', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(openedServices).toBe(false);
  });

  it('adds, lists and verifies a ZIP', async () => {
    const zip = await writeOurZip(join(dataDir.path, 'record.zip'), [{ name: 'Letter.pdf', data: PDF }]);

    const added = await run(['add', zip.file]);
    const id = /\(id ([0-9a-f-]{36})\)/u.exec(added.stdout)?.[1] ?? '';

    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('All 1 documents match') });
    expect((await run(['list'])).stdout).toContain(`${id}  saved 2024-06-01 09:30  NHS 9990000018  1 documents, 1 missing`);
    expect(await run(['verify', id.slice(0, 8)])).toMatchObject({ code: 0, stdout: `Verified  ${zip.file}\n1 verified, 0 changed, 0 missing.\n` });
    expect(await run(['verify', 'feedface'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No ZIP in the archive has the id feedface') });
  });

  it('tells the user when a damaged archive list was set aside', async () => {
    await writeFile(join(dataDir.path, 'archive-index.json'), '{"entries": [');

    const { code, stderr } = await run(['list']);

    expect(code).toBe(0);
    expect(stderr).toMatch(/The archive list could not be read, so it was set aside as .*archive-index\.corrupt-.*\.json/);
  });

  it('reports a bad retention setting by its variable', async () => {
    const { code, stderr } = await run(['list'], { DOCSTORE_DATA_DIR: dataDir.path, DOCSTORE_ARCHIVE_RETENTION_DAYS: 'soon' });
    expect(code).toBe(1);
    expect(stderr).toContain('DOCSTORE_ARCHIVE_RETENTION_DAYS has the value "soon"');
  });
});
