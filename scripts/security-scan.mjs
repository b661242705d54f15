// `npm run security`: Electronegativity over the built main, preload and renderer; fails on any HIGH finding.
//
// Electronegativity 1.10 parses with esprima first, which predates ES2020 (`??`, `?.`): on modern output its
// string-literal checks silently see nothing. So it scans a copy of the build lowered to ES2017 by esbuild; the
// calls and options it inspects are unchanged by that lowering.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const scanRoot = mkdtempSync(join(tmpdir(), 'docstore-security-scan-'));
const report = join(scanRoot, 'report.csv');

try {
  for (const [input, output, format] of [
    ['out/main/index.js', 'main/index.js', 'esm'],
    ['out/preload/index.cjs', 'preload/index.js', 'cjs'],
  ]) {
    buildSync({ entryPoints: [input], outfile: join(scanRoot, output), target: 'es2017', format, logLevel: 'error' });
  }
  mkdirSync(join(scanRoot, 'renderer'));
  copyFileSync('out/renderer/index.html', join(scanRoot, 'renderer', 'index.html'));
  execFileSync(
    process.execPath,
    [require.resolve('@doyensec/electronegativity/dist/index.js'), '-i', scanRoot, '-e', electronVersion, '-r', '-o', report],
    // It tries to fetch Electron's release list and says so when offline; that check is not needed here.
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const findings = readFileSync(report, 'utf8').trim().split('\n').slice(1);
  const high = findings.filter((line) => line.split(',')[1] === '"HIGH"');
  process.stdout.write(`Electronegativity (Electron ${electronVersion}): ${findings.length} findings to review, ${high.length} high.\n`);
  for (const line of findings) {
    process.stdout.write(`  ${line.split(',').slice(0, 5).join(' ')}\n`);
  }
  process.exitCode = high.length === 0 ? 0 : 1;
} finally {
  rmSync(scanRoot, { recursive: true, force: true });
}
