/**
 * Test child: adds entries to an archive index and dies (SIGKILL) in the middle of its Nth index write, after
 * writing half the bytes, as a power cut or a crash would leave it.
 *
 * Usage: crashing-writer.ts <data-dir> <conf|in-place> <n>. "in-place" writes over the index file directly, the
 * way an index without atomic writes would: the control showing that the crash really lands mid-write.
 */
import fs from 'node:fs';
import { join } from 'node:path';

const [dataDir = '', mode = 'conf', crashAt = '1'] = process.argv.slice(2);
const realWriteSync = fs.writeSync;
let indexWrites = 0;

// Patched before conf and atomically load: they keep a reference to fs.writeSync from import time.
fs.writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
  if (typeof data === 'string' && data.includes('"entries"') && ++indexWrites === Number(crashAt)) {
    realWriteSync(fd, data.slice(0, data.length / 2));
    process.kill(process.pid, 'SIGKILL');
  }
  return Reflect.apply(realWriteSync, fs, [fd, data, ...rest]) as number;
};

const { openArchiveIndex } = await import('../../../../main/archive/archive-index.js');
const { confIndexStore } = await import('../../../../main/archive/conf-index-store.js');

const path = join(dataDir, 'archive-index.json');
const inPlace = {
  path,
  get(key: string): unknown {
    return fs.existsSync(path) ? (JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, unknown>)[key] : undefined;
  },
  set(key: string, value: unknown): void {
    const content = fs.existsSync(path) ? (JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
    const fd = fs.openSync(path, 'w');
    fs.writeSync(fd, JSON.stringify({ ...content, [key]: value }));
    fs.closeSync(fd);
  },
};
const index = openArchiveIndex({ store: mode === 'in-place' ? { path, open: () => inPlace } : confIndexStore(dataDir) });

for (let count = 0; count < 100; count++) {
  index.add({
    source: 'import',
    nhsNumber: '9990000018',
    savedAt: new Date().toISOString(),
    path: `/records/${count}.zip`,
    bytes: count,
    sha256: 'b'.repeat(64),
    documentCount: 0,
    missingCount: 0,
    correlationId: null,
    environment: null,
    documents: [],
  });
}
