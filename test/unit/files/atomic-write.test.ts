import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../main/files/atomic-write.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('leaves only the finished file, under its own name', async () => {
    await writeFileAtomically(join(folder, 'event.json'), (handle) => handle.writeFile('{"a":1}'));
    expect(await readdir(folder)).toEqual(['event.json']);
    expect(await readFile(join(folder, 'event.json'), 'utf8')).toBe('{"a":1}');
  });

  it('replaces an earlier version whole', async () => {
    await writeFile(join(folder, 'index.json'), 'old contents, longer than the new');
    await writeFileAtomically(join(folder, 'index.json'), (handle) => handle.writeFile('new'));
    expect(await readFile(join(folder, 'index.json'), 'utf8')).toBe('new');
  });

  it('leaves nothing behind, and the earlier version untouched, when writing fails half-way', async () => {
    await writeFile(join(folder, 'copy.pdf'), 'earlier');
    const failing = writeFileAtomically(join(folder, 'copy.pdf'), async (handle) => {
      await handle.writeFile('half a docu');
      throw new Error('disk unplugged');
    });
    await expect(failing).rejects.toThrow('disk unplugged');
    expect(await readdir(folder)).toEqual(['copy.pdf']);
    expect(await readFile(join(folder, 'copy.pdf'), 'utf8')).toBe('earlier');
  });

  it('names its temporary file .partial unless its owner chooses another suffix', async () => {
    let seen: string[] = [];
    await writeFileAtomically(join(folder, 'copy.pdf'), async (handle) => {
      await handle.writeFile('x');
      seen = await readdir(folder);
    });
    expect(seen).toEqual([expect.stringMatching(/^copy\.pdf\.[0-9a-f-]{36}\.partial$/u)]);
  });

  it('names its temporary file with the suffix its owner cleans up after a crash', async () => {
    let seen: string[] = [];
    await writeFileAtomically(
      join(folder, 'e1.json'),
      async (handle) => {
        await handle.writeFile('x');
        seen = await readdir(folder);
      },
      { temporarySuffix: '.tmp' },
    );
    expect(seen).toEqual([expect.stringMatching(/^e1\.json\.[0-9a-f-]{36}\.tmp$/u)]);
  });
});
