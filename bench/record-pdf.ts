/**
 * `node --import tsx bench/record-pdf.ts [--mb 200,1000] [--doc-mb 1] [--trees DIR,DIR] [--reps N] [--node-args '…']
 * [--records DIR] [--keep]`: time and memory of one PDF of a saved record (main/download/record-pdf/) for records of the given sizes. See docs/record-pdf.md.
 *
 * `--trees` compares source trees (this project, `.`, by default; another is e.g. a copy of the code before an edit,
 * with its own bench/record-pdf.ts): each builds the PDF of the same ZIP in turn, `--reps` times interleaved, so a
 * shared machine's drift hits every tree alike. `--node-args` are given to every measured process (e.g. V8 heap flags).
 * `--records DIR` keeps each record's ZIP in DIR and uses it again in later runs (writing 1 GB of noise takes minutes).
 *
 * For each size a ZIP is written as the app writes them, from documents made one at a time (six in ten noise-filled
 * PDFs, two PNGs, two JPEGs, each about `--doc-mb`), then the PDF is built in a fresh child process
 * (`--child DIR`) whose peak RSS is the kernel's VmHWM reset as the build starts, compared with the same child at
 * rest after loading the modules. Temporary files go under the OS temp folder and are removed unless `--keep`.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Manifest } from '../common/manifest.js';
import { buildRecordPdf } from '../main/download/record-pdf/record-pdf.js';
import { sampleJpeg } from '../main/sandbox/sample-files/jpeg.js';
import { type FixtureDocument, noisePdf, noisePng, paddedJpeg, writeRecordZip } from '../test/unit/download/record-pdf/support/record-fixture.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { memoryBreakdownMiB, procStatusKib, resetPeakRss, startRssSampler } from './lib/memory.js';
import { MB, PROJECT_ROOT } from './lib/paths.js';

const NHS_NUMBER = '9990000018';
const RESULT_PREFIX = 'RECORD_PDF_RESULT ';
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200,1000' },
    'doc-mb': { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    trees: { type: 'string', default: '.' },
    reps: { type: 'string', default: '1' },
    'node-args': { type: 'string', default: '' },
    records: { type: 'string' },
    child: { type: 'string' },
  },
});

interface ChildResult {
  readonly idleRssMiB: number;
  /** V8 heap, buffers and the rest at rest, to set against `atPeak`. */
  readonly atRest?: unknown;
  readonly peakRssMiB: number;
  readonly peakHeapUsedMiB: number;
  readonly atPeak: unknown;
  readonly wallMs: number;
  /** CPU time (user + system, all threads) of the build: steadier than wall time on a shared machine. */
  readonly cpuMs?: number;
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
  const atRest = memoryBreakdownMiB();
  const peakWasReset = resetPeakRss();
  const sampler = startRssSampler(() => 'build');
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await buildRecordPdf({
    zipPath: join(folder, `patient-record-${NHS_NUMBER}.zip`),
    manifest,
    patient: { nhsNumber: NHS_NUMBER, name: 'Bench PATIENT' },
    savedBy: 'Benchmark',
    savedAt: new Date(),
    outputPath: join(folder, `patient-record-${NHS_NUMBER}.pdf`),
  });
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const sampled = sampler.stop();
  const peakRssMiB = ((peakWasReset ? procStatusKib('VmHWM') : undefined) ?? sampled.peakKib) / 1024;
  const measured = { idleRssMiB, atRest, cpuMs, peakRssMiB, peakHeapUsedMiB: sampled.peakHeapUsedKib / 1024, atPeak: sampled.atPeak, wallMs };
  return result.ok
    ? { ...measured, ok: true, pages: result.value.pages, merged: result.value.merged, pdfBytes: result.value.bytes }
    : { ...measured, ok: false, error: `${result.error.code}: ${result.error.message}` };
}

function runChild(folder: string, tree: string): Promise<ChildResult> {
  const nodeArgs = values['node-args'].split(' ').filter((arg) => arg !== '');
  return new Promise((resolve, reject) => {
    const root = resolvePath(PROJECT_ROOT, tree);
    const entry = join(root, 'bench', 'record-pdf.ts');
    const process_ = spawn(process.execPath, ['--expose-gc', ...nodeArgs, '--import', 'tsx', entry, '--child', folder], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
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

async function writeRecord(folder: string, sizeMb: number, documentBytes: number): Promise<Manifest> {
  log(`Writing a ${sizeMb} MB record of ${Math.round((sizeMb * MB) / documentBytes)} documents…`);
  await mkdir(folder, { recursive: true });
  const manifest = await writeRecordZip(join(folder, `patient-record-${NHS_NUMBER}.zip`), documents(sizeMb * MB, documentBytes), NHS_NUMBER);
  // Written last: a folder with a manifest holds a whole record.
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

/** A record written by an earlier run with the same `--records` folder, size and document size. */
async function readKeptManifest(folder: string): Promise<Manifest | undefined> {
  return readFile(join(folder, 'manifest.json'), 'utf8').then(
    (text) => JSON.parse(text) as Manifest,
    () => undefined,
  );
}

async function main(): Promise<void> {
  const sizesMb = values.mb.split(',').map(Number);
  const documentBytes = Number(values['doc-mb']) * MB;
  if (sizesMb.some((size) => !(size > 0)) || !(documentBytes > 0)) {
    throw new Error('--mb takes sizes in MB separated by commas, and --doc-mb a size in MB');
  }
  const trees = values.trees.split(',');
  log(`Machine: ${describeMachine(machineInfo())}`);
  const lines: string[] = [];
  for (const sizeMb of sizesMb) {
    const kept = values.records === undefined ? undefined : join(values.records, `${sizeMb}mb-${values['doc-mb']}`);
    const folder = kept ?? (await mkdtemp(join(tmpdir(), 'docstore-record-pdf-bench-')));
    try {
      const manifest = (await readKeptManifest(folder)) ?? (await writeRecord(folder, sizeMb, documentBytes));
      const zipBytes = (await stat(join(folder, `patient-record-${NHS_NUMBER}.zip`))).size;
      for (let rep = 1; rep <= Number(values.reps); rep++) {
        for (const tree of trees) {
          log(`Building its PDF in a fresh process (${tree}, repetition ${rep})…`);
          const result = await runChild(folder, tree);
          const mib = (value: number) => `${Math.round(value)} MiB`;
          lines.push(
            `${sizeMb} MB record (ZIP ${(zipBytes / MB).toFixed(0)} MB, ${manifest.documents.length} documents)${trees.length > 1 ? ` [${tree}]` : ''}: ` +
              (result.ok
                ? `${(result.wallMs / 1000).toFixed(1)} s${result.cpuMs === undefined ? '' : ` (CPU ${(result.cpuMs / 1000).toFixed(1)} s)`}, PDF ${((result.pdfBytes ?? 0) / MB).toFixed(0)} MB, ${result.pages} pages, ${result.merged} merged; `
                : `FAILED after ${(result.wallMs / 1000).toFixed(1)} s (${result.error}); `) +
              `peak RSS ${mib(result.peakRssMiB)} (${mib(result.peakRssMiB - result.idleRssMiB)} above idle ${mib(result.idleRssMiB)}), peak V8 heap used ${mib(result.peakHeapUsedMiB)}; ` +
              `at rest ${JSON.stringify(result.atRest)}, at peak ${JSON.stringify(result.atPeak)}`,
          );
          log(lines[lines.length - 1] ?? '');
        }
      }
    } finally {
      if (values.keep || kept !== undefined) {
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


