/**
 * `node --import tsx bench/record-pdf.ts [--mb 200,1000] [--doc-mb 1] [--keep]`: time and memory of one PDF of a saved
 * record (main/download/record-pdf/) for records of the given sizes. See docs/record-pdf.md.
 *
 * For each size a ZIP is written as the app writes them, from documents made one at a time (six in ten noise-filled
 * PDFs, two PNGs, two JPEGs, each about `--doc-mb`), then the PDF is built in a fresh child process
 * (`--child DIR`) whose peak RSS is the kernel's VmHWM reset as the build starts, compared with the same child at
 * rest after loading the modules. Temporary files go under the OS temp folder and are removed unless `--keep`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Manifest } from '../common/manifest.js';
import { buildRecordPdf } from '../main/download/record-pdf/record-pdf.js';
import { sampleJpeg } from '../main/sandbox/sample-files/jpeg.js';
import { type FixtureDocument, noisePdf, noisePng, paddedJpeg, writeRecordZip } from '../test/unit/download/record-pdf/support/record-fixture.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { procStatusKib, resetPeakRss, startRssSampler } from './lib/memory.js';
import { MB, PROJECT_ROOT } from './lib/paths.js';

const NHS_NUMBER = '9990000018';
const RESULT_PREFIX = 'RECORD_PDF_RESULT ';
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200,1000' },
    'doc-mb': { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

interface ChildResult {
  readonly idleRssMiB: number;
  readonly peakRssMiB: number;
  readonly peakHeapUsedMiB: number;
  readonly atPeak: unknown;
  readonly wallMs: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly pages?: number;
  readonly merged?: number;
  readonly pdfBytes?: number;
}

async function* documents(totalBytes: number, documentBytes: number): AsyncGenerator<FixtureDocument> {
  const count = Math.max(1, Math.round(totalBytes / documentBytes));
  for (let index = 0; index < count; index++) {
    const name = `Document ${String(index + 1).padStart(4, '0')}`;
    switch (index % 10) {
      case 3:
      case 7:
        yield { name: `${name}.png`, bytes: noisePng(documentBytes), contentType: 'image/png' };
        break;
      case 5:
      case 9:
        yield { name: `${name}.jpg`, bytes: paddedJpeg(sampleJpeg(index), documentBytes), contentType: 'image/jpeg' };
        break;
      default:
        yield { name: `${name}.pdf`, bytes: await noisePdf(name, documentBytes), contentType: 'application/pdf' };
    }
  }
}

/** The measured run, in a process of its own: modules loaded, memory at rest noted, then the build alone. */
async function child(folder: string): Promise<ChildResult> {
  const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  global.gc?.();
  await sleep(200);
  const idleRssMiB = (procStatusKib('VmRSS') ?? 0) / 1024;
  const peakWasReset = resetPeakRss();
  const sampler = startRssSampler(() => 'build');
  const start = performance.now();
  const result = await buildRecordPdf({
    zipPath: join(folder, `patient-record-${NHS_NUMBER}.zip`),
    manifest,
    patient: { nhsNumber: NHS_NUMBER, name: 'Bench PATIENT' },
    savedBy: 'Benchmark',
    savedAt: new Date(),
    outputPath: join(folder, `patient-record-${NHS_NUMBER}.pdf`),
  });
  const wallMs = performance.now() - start;
  const sampled = sampler.stop();
  const peakRssMiB = ((peakWasReset ? procStatusKib('VmHWM') : undefined) ?? sampled.peakKib) / 1024;
  const measured = { idleRssMiB, peakRssMiB, peakHeapUsedMiB: sampled.peakHeapUsedKib / 1024, atPeak: sampled.atPeak, wallMs };
  return result.ok
    ? { ...measured, ok: true, pages: result.value.pages, merged: result.value.merged, pdfBytes: result.value.bytes }
    : { ...measured, ok: false, error: `${result.error.code}: ${result.error.message}` };
}

function runChild(folder: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const entry = fileURLToPath(import.meta.url);
    const process_ = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', entry, '--child', folder], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    process_.once('error', reject);
    process_.once('close', (code, signal) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (line === undefined) {
        reject(new Error(`the measured run ended (${signal ?? `exit ${code}`}) without a result`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const sizesMb = values.mb.split(',').map(Number);
  const documentBytes = Number(values['doc-mb']) * MB;
  if (sizesMb.some((size) => !(size > 0)) || !(documentBytes > 0)) {
    throw new Error('--mb takes sizes in MB separated by commas, and --doc-mb a size in MB');
  }
  log(`Machine: ${describeMachine(machineInfo())}`);
  const lines: string[] = [];
  for (const sizeMb of sizesMb) {
    const folder = await mkdtemp(join(tmpdir(), 'docstore-record-pdf-bench-'));
    try {
      log(`Writing a ${sizeMb} MB record of ${Math.round((sizeMb * MB) / documentBytes)} documents…`);
      const manifest = await writeRecordZip(join(folder, `patient-record-${NHS_NUMBER}.zip`), documents(sizeMb * MB, documentBytes), NHS_NUMBER);
      await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
      const zipBytes = (await stat(join(folder, `patient-record-${NHS_NUMBER}.zip`))).size;
      log('Building its PDF in a fresh process…');
      const result = await runChild(folder);
      const mib = (value: number) => `${Math.round(value)} MiB`;
      lines.push(
        `${sizeMb} MB record (ZIP ${(zipBytes / MB).toFixed(0)} MB, ${manifest.documents.length} documents): ` +
          (result.ok
            ? `${(result.wallMs / 1000).toFixed(1)} s, PDF ${((result.pdfBytes ?? 0) / MB).toFixed(0)} MB, ${result.pages} pages, ${result.merged} merged; `
            : `FAILED after ${(result.wallMs / 1000).toFixed(1)} s (${result.error}); `) +
          `peak RSS ${mib(result.peakRssMiB)} (${mib(result.peakRssMiB - result.idleRssMiB)} above idle ${mib(result.idleRssMiB)}), peak V8 heap used ${mib(result.peakHeapUsedMiB)}; at peak ${JSON.stringify(result.atPeak)}`,
      );
      log(lines[lines.length - 1] ?? '');
    } finally {
      if (values.keep) {
        log(`Kept ${folder}`);
      } else {
        await rm(folder, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (values.child !== undefined) {
  const result = await child(values.child).catch((error: unknown) => ({
    idleRssMiB: 0,
    peakRssMiB: (procStatusKib('VmHWM') ?? 0) / 1024,
    peakHeapUsedMiB: 0,
    atPeak: undefined,
    wallMs: 0,
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
} else {
  await main().catch((error: unknown) => {
    log(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}


