import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from './paths.js';

export interface RendererSize {
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly gzipBytes: number; readonly initial: boolean }>;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Only the files index.html loads; lazily imported chunks and workers are left out. */
  readonly initialGzipBytes: number;
  readonly buildMs: number;
}

/**
 * Builds the app with `electron-vite build --outDir DIR` (a private folder, so the shared out/ is left alone) and
 * sums the gzip size (level 9) of out/renderer/assets/*.js and *.css.
 */
export async function measureRendererSize(outDir: string, timeoutMs: number): Promise<RendererSize> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const child = spawn('npx', ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`electron-vite build exited with ${String(code)}: ${output.slice(-2000)}`));
      }
    });
  });
  const buildMs = performance.now() - start;
  const assets = join(outDir, 'renderer', 'assets');
  const names = (await readdir(assets)).filter((name) => name.endsWith('.js') || name.endsWith('.css')).sort();
  const html = await readFile(join(outDir, 'renderer', 'index.html'), 'utf8');
  const files = await Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(assets, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, initial: html.includes(`assets/${name}`) };
    }),
  );
  return {
    files,
    bytes: files.reduce((total, file) => total + file.bytes, 0),
    gzipBytes: files.reduce((total, file) => total + file.gzipBytes, 0),
    initialGzipBytes: files.reduce((total, file) => total + (file.initial ? file.gzipBytes : 0), 0),
    buildMs,
  };
}
