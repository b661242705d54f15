import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FORMAT, indexContentSchema } from '../../../main/archive/archive-schema.js';
import type { NewArchiveEntry } from '../../../main/archive/archive-index.js';
import { openTestIndex, tempFolder } from './archive-fixtures.js';

const ENTRY: NewArchiveEntry = {
  source: 'import',
  nhsNumber: '9990000018',
  savedAt: '2024-01-01T00:00:00.000Z',
  path: '/records/a.zip',
  bytes: 10,
  sha256: 'c'.repeat(64),
  documentCount: 1,
  missingCount: 0,
  correlationId: null,
  environment: null,
  documents: [],
};
const NOW = new Date('2024-07-01T10:20:30.456Z');
const WRITER = fileURLToPath(new URL('./support/crashing-writer.ts', import.meta.url));

describe('archive index file', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let indexPath: string;

  beforeEach(async () => {
    dataDir = await tempFolder('archive-index');
    indexPath = join(dataDir.path, 'archive-index.json');
  });
  afterEach(() => dataDir.remove());

  it('moves a half-written index aside, keeping its bytes, and starts a fresh one', async () => {
    openTestIndex(dataDir.path).add(ENTRY);
    await truncate(indexPath, Math.floor((await readFile(indexPath)).length / 2));
    const damaged = await readFile(indexPath);

    const index = openTestIndex(dataDir.path, { now: () => NOW });

    const movedTo = join(dataDir.path, 'archive-index.corrupt-2024-07-01T10-20-30-456Z.json');
    expect(index.recovered).toEqual({ movedTo, message: expect.stringContaining(movedTo) });
    expect(await readFile(movedTo)).toEqual(damaged);
    expect(index.list()).toEqual([]);
    index.add(ENTRY);
    expect(openTestIndex(dataDir.path).list()).toHaveLength(1);
  });

  it('moves aside valid JSON of the wrong shape instead of reading it as empty', async () => {
    const content = JSON.stringify({ format: INDEX_FORMAT, entries: [{ id: 'x', path: 42 }] });
    await writeFile(indexPath, content);

    const index = openTestIndex(dataDir.path, { now: () => NOW });

    expect(index.list()).toEqual([]);
    expect(index.recovered).not.toBeNull();
    expect(await readFile(index.recovered?.movedTo ?? '', 'utf8')).toBe(content);
  });

  it('recovers from damage that appears while the index is open, and never overwrites an earlier set-aside copy', async () => {
    const index = openTestIndex(dataDir.path, { now: () => NOW });
    index.add(ENTRY);
    await writeFile(indexPath, '{"entries": [');
    expect(index.list()).toEqual([]);
    await writeFile(indexPath, 'not json at all');
    expect(openTestIndex(dataDir.path, { now: () => NOW }).list()).toEqual([]);

    const setAside = (await readdir(dataDir.path)).filter((name) => name.includes('.corrupt-')).sort();
    expect(setAside).toEqual(['archive-index.corrupt-2024-07-01T10-20-30-456Z-1.json', 'archive-index.corrupt-2024-07-01T10-20-30-456Z.json']);
    expect(await readFile(join(dataDir.path, setAside[1]!), 'utf8')).toBe('{"entries": [');
  });

  it('reports an index it cannot read at all, and leaves it where it is', async () => {
    await mkdir(indexPath);

    expect(() => openTestIndex(dataDir.path)).toThrow(expect.objectContaining({ code: 'index-unreadable', message: expect.stringContaining('Nothing was changed') }));
    expect(await readdir(dataDir.path)).toEqual(['archive-index.json']);
  });

  it('leaves an index from a newer version alone', async () => {
    const content = JSON.stringify({ format: 'document-store-desktop/archive-index@2', entries: [] });
    await writeFile(indexPath, content);

    expect(() => openTestIndex(dataDir.path).list()).toThrow(expect.objectContaining({ code: 'index-unreadable' }));
    expect(await readFile(indexPath, 'utf8')).toBe(content);
  });

  it('writes through a temporary file and a rename: no partial file is ever left behind', async () => {
    const index = openTestIndex(dataDir.path);
    for (let count = 0; count < 20; count++) {
      index.add({ ...ENTRY, path: `/records/${count}.zip` });
    }
    expect(await readdir(dataDir.path)).toEqual(['archive-index.json']);
    expect(indexContentSchema.parse(JSON.parse(await readFile(indexPath, 'utf8'))).entries).toHaveLength(20);
  });

  it('survives a crash in the middle of a write: the half-written bytes stay in the temporary file', { timeout: 30_000 }, async () => {
    const signal = await runCrashingWriter(dataDir.path, 'conf', 3);

    expect(signal).toBe('SIGKILL');
    const content = indexContentSchema.parse(JSON.parse(await readFile(indexPath, 'utf8')));
    expect(content.entries?.map((entry) => entry.path)).toEqual(['/records/0.zip', '/records/1.zip']);
    const leftovers = (await readdir(dataDir.path)).filter((name) => name.startsWith('archive-index.json.tmp-'));
    expect(leftovers).toHaveLength(1);
    expect(() => JSON.parse(readFileSync(join(dataDir.path, leftovers[0]!), 'utf8')) as unknown).toThrow(SyntaxError);
    const index = openTestIndex(dataDir.path);
    expect(index.list()).toHaveLength(2);
    expect(index.recovered).toBeNull();
  });

  it('(control) the same crash tears an index written in place, which is then moved aside', { timeout: 30_000 }, async () => {
    await runCrashingWriter(dataDir.path, 'in-place', 3);

    expect(() => JSON.parse(readFileSync(indexPath, 'utf8')) as unknown).toThrow(SyntaxError);
    const index = openTestIndex(dataDir.path);
    expect(index.list()).toEqual([]);
    expect(index.recovered?.movedTo).toMatch(/archive-index\.corrupt-.+\.json$/);
  });
});

/** Runs the crashing writer child to its end; resolves with the signal that ended it. */
async function runCrashingWriter(dataDir: string, mode: 'conf' | 'in-place', crashAt: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, mode, String(crashAt)], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve(signal));
  });
}
