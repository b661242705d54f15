/**
 * `npm run bench -- --link practice[,adsl,loopback] [--sizes 200MB,1GB] [--modes default|before-save,background,none]`:
 * our download job through a shaped link against downloading the same documents once through the same link
 * (issue 17 §1). Results go to bench/results/link-<profiles>-<time>.json and the charts to docs/bench-link-<profile>.svg.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { executeGroups } from '../lib/execute.js';
import { codeVersion, describeMachine, machineInfo } from '../lib/machine.js';
import { PROJECT_ROOT } from '../lib/paths.js';
import { sizesFor } from '../lib/plan.js';
import { renderVariants, summarize } from '../lib/report.js';
import type { BenchSession } from '../lib/session.js';
import { RESULTS_FOLDER, type LinkResultsFile, writeLinkCharts } from './link-charts.js';
import { planLinkGroups } from './link-plan.js';
import { renderLinkRows, summarizeLink } from './link-report.js';
import type { LinkProfile } from './profiles.js';

export interface LinkBenchOptions {
  readonly profiles: ReadonlyArray<LinkProfile>;
  /** Dataset ids: `small` (200 MB) and/or `large` (1 GB); --quick makes them 20 MB and 40 MB. */
  readonly datasetIds: ReadonlyArray<string>;
  readonly modes: ReadonlyArray<string>;
  /** Variables added to every job run's environment (--job-env). */
  readonly jobEnv: Readonly<Record<string, string>>;
  readonly reps: number;
  readonly quick: boolean;
  readonly label: string | undefined;
  readonly outFile: string | undefined;
  readonly log: (line: string) => void;
}

export async function runLinkBench(session: BenchSession, options: LinkBenchOptions): Promise<void> {
  const started = performance.now();
  const machine = machineInfo();
  const sizes = sizesFor(options.quick);
  const specs = sizes.datasets.filter((spec) => options.datasetIds.includes(spec.id));
  const pools = Object.fromEntries(Object.entries(sizes.pools).filter(([name]) => specs.some((spec) => spec.pool === name)));
  const { datasets } = await session.seed(pools, specs);
  const ordered = options.datasetIds.flatMap((id) => datasets.get(id) ?? []);
  const groups = planLinkGroups(options.profiles, ordered, options.modes, options.jobEnv);
  const records = await executeGroups(groups, { reps: options.reps, env: session.env, workRoot: join(session.root, 'runs'), log: options.log, stopped: () => session.interrupted() });
  await session.stopSandbox();

  const rows = summarizeLink(groups, records, options.modes);
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  // Smoke runs (--quick) stay out of bench/results and the charts.
  const outFile =
    options.outFile ?? (options.quick ? join(tmpdir(), `docstore-bench-link-${stamp}.json`) : join(RESULTS_FOLDER, `link-${options.profiles.map((profile) => profile.name).join('-')}-${stamp}.json`));
  const endMachine = machineInfo();
  const json: LinkResultsFile & Record<string, unknown> = {
    kind: 'link',
    date: new Date().toISOString(),
    ...(options.label === undefined ? {} : { label: options.label }),
    quick: options.quick,
    reps: options.reps,
    code: codeVersion(),
    machine,
    endLoadAverage: endMachine.loadAverage,
    profiles: options.profiles,
    modes: options.modes,
    jobEnv: options.jobEnv,
    datasets: ordered.map(({ documents, ...rest }) => ({ ...rest, documents: documents.length })),
    rows,
    summaries: summarize(groups, records),
    records,
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(json, null, 2)}\n`);
  const charts = options.quick || options.outFile !== undefined ? [] : await writeLinkCharts(options.profiles.map((profile) => profile.name));
  const report = [
    `Document Store Desktop shaped-link bench, ${new Date().toISOString().slice(0, 10)}${options.quick ? ' (--quick: small sizes, not judged)' : ''}${options.label === undefined ? '' : `, "${options.label}"`}`,
    `Machine: ${describeMachine(machine)}`,
    `Code measured: ${codeVersion()}`,
    `Links: ${options.profiles.map((profile) => `${profile.name} (${profile.description})`).join('; ')}`,
    ...(Object.keys(options.jobEnv).length === 0 ? [] : [`Job environment added: ${Object.entries(options.jobEnv).map(([name, value]) => `${name}=${value}`).join(' ')}`]),
    `Load average (1, 5, 15 min) at start ${machine.loadAverage.join(' ')}, at end ${endMachine.loadAverage.join(' ')}; ${options.reps} interleaved repetition(s)`,
    '',
    renderLinkRows(rows),
    '',
    renderVariants(summarize(groups, records)),
    '',
    `Total ${((performance.now() - started) / 60_000).toFixed(1)} min. JSON: ${relative(PROJECT_ROOT, outFile).startsWith('..') ? outFile : relative(PROJECT_ROOT, outFile)}${charts.length === 0 ? '' : `; charts: ${charts.map((file) => relative(PROJECT_ROOT, file)).join(', ')}`}`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
}
