/**
 * `npm run bench [-- --quick] [--reps N] [--only a,b] [--out FILE] [--keep]`: the download pipeline against the raw copy limit
 * and the original design, plus save, search and renderer size. See docs/benchmarks.md.
 *
 * `npm run bench -- --link practice[,adsl,loopback] [--sizes 200MB,1GB] [--modes default,before-save,background,none]
 * [--label TEXT] [--job-env NAME=value,…]` runs the shaped-link bench instead (bench/link/link-bench.ts); `--charts` only redraws its charts.
 *
 * The sandbox runs in a process of its own with its data on disk under the OS temp folder; every measured run is a
 * fresh child process. Everything temporary is removed at the end and on Ctrl+C.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate } from './lib/evaluate.js';
import { executeGroups } from './lib/execute.js';
import { codeVersion, describeMachine, machineInfo } from './lib/machine.js';
import { runLinkBench } from './link/link-bench.js';
import { writeLinkCharts } from './link/link-charts.js';
import { DEFAULT_MODE, parseJobEnv, parseModes, parseSizes } from './link/link-plan.js';
import { parseProfiles } from './link/profiles.js';
import { SCENARIOS, type ScenarioId, datasetsNeeded, planGroups, sizesFor } from './lib/plan.js';
import { type RendererSize, measureRendererSize } from './lib/renderer-size.js';
import { renderChecks, renderVariants, summarize } from './lib/report.js';
import { type BenchSession, openSession } from './lib/session.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    link: { type: 'string' },
    sizes: { type: 'string', default: '200MB,1GB' },
    modes: { type: 'string', default: DEFAULT_MODE },
    label: { type: 'string' },
    'job-env': { type: 'string' },
    charts: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const reps = Number(values.reps ?? (quick ? 1 : 3));
const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
const outFile = values.out ?? join(tmpdir(), `docstore-bench-${stamp}.json`);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function selectedScenarios(only: string | undefined): Set<ScenarioId> {
  if (only === undefined) {
    return new Set(SCENARIOS);
  }
  return new Set(
    only.split(',').map((name) => {
      if (!(SCENARIOS as ReadonlyArray<string>).includes(name)) {
        throw new Error(`unknown scenario "${name}"; choose from ${SCENARIOS.join(', ')}`);
      }
      return name as ScenarioId;
    }),
  );
}

async function main(session: BenchSession, selected: ReadonlySet<ScenarioId>): Promise<void> {
  const started = performance.now();
  const machine = machineInfo();
  const sizes = sizesFor(quick);
  const needed = datasetsNeeded(selected, sizes);
  const { datasets, saveObject } = await session.seed(
    sizes.pools,
    sizes.datasets.filter((spec) => needed.has(spec.id)),
    selected.has('save') ? sizes.saveBytes : undefined,
  );
  const largeSearchPatient = selected.has('search') ? await session.seedSearchPatient(sizes.largeSearchDocuments) : undefined;
  const groups = planGroups({ selected, datasets, saveObject, largeSearchPatient, sizes });
  const records = await executeGroups(groups, { reps, env: session.env, workRoot: join(session.root, 'runs'), log, stopped: () => session.interrupted() });
  await session.stopSandbox();

  let renderer: RendererSize | undefined;
  if (selected.has('renderer') && !session.interrupted()) {
    log('Building the app into a private folder for the renderer size…');
    renderer = await measureRendererSize(join(session.root, 'renderer-build'), 600_000);
  }

  const summaries = summarize(groups, records);
  const checks = evaluate(selected, summaries, records, renderer, largeSearchPatient?.documents);
  const endMachine = machineInfo();
  const report = [
    `Document Store Desktop benchmarks, ${new Date().toISOString().slice(0, 10)}${quick ? ' (--quick: small sizes, not judged)' : ''}`,
    `Machine: ${describeMachine(machine)}`,
    `Code measured: ${codeVersion()}`,
    `Load average (1, 5, 15 min) at start ${machine.loadAverage.join(' ')}, at end ${endMachine.loadAverage.join(' ')}; ${reps} interleaved repetition(s)`,
    '',
    renderChecks(checks, !quick),
    '',
    renderVariants(summaries),
    ...(renderer === undefined
      ? []
      : ['', `Renderer: ${renderer.files.map((file) => `${file.name}${file.initial ? '' : ' (lazy)'} ${(file.bytes / 1000).toFixed(1)} KB → ${(file.gzipBytes / 1000).toFixed(1)} KB gzip`).join('; ')}`]),
    '',
    `Total ${((performance.now() - started) / 60_000).toFixed(1)} min. JSON: ${outFile}`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  const datasetList = [...datasets.values()].map(({ documents, ...rest }) => ({ ...rest, documents: documents.length }));
  const json = { date: new Date().toISOString(), quick, reps, code: codeVersion(), machine, endLoadAverage: endMachine.loadAverage, datasets: datasetList, saveObject, largeSearchPatient, checks, summaries, renderer, records };
  await writeFile(outFile, `${JSON.stringify(json, null, 2)}\n`);
}

let session: BenchSession | undefined;
try {
  if (!Number.isInteger(reps) || reps < 1) {
    throw new Error('--reps must be a whole number of at least 1');
  }
  if (values.charts) {
    const written = await writeLinkCharts();
    log(written.length === 0 ? 'No link results in bench/results/ to chart.' : `Charts: ${written.join(', ')}`);
  } else if (values.link !== undefined) {
    if (values.only !== undefined) {
      throw new Error('--link runs the shaped-link bench alone; leave out --only');
    }
    const linkOptions = {
      profiles: parseProfiles(values.link),
      datasetIds: parseSizes(values.sizes),
      modes: parseModes(values.modes),
      jobEnv: parseJobEnv(values['job-env']),
      reps,
      quick,
      label: values.label,
      outFile: values.out,
      log,
    };
    log(`Machine: ${describeMachine(machineInfo())}`);
    session = await openSession({ keep: values.keep, log });
    await runLinkBench(session, linkOptions);
  } else {
    const selected = selectedScenarios(values.only);
    log(`Machine: ${describeMachine(machineInfo())}`);
    session = await openSession({ keep: values.keep, log });
    await main(session, selected);
  }
} catch (error) {
  log(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await session?.close();
}
