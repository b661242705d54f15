/**
 * The charts in docs/: for each link profile, time against record size from the link results in bench/results/,
 * one line per mode (file saved, solid; trace copy complete, dashed) and the download-once yardstick (grey).
 * Where several results files hold the same line and size, the newest wins.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths.js';
import { type ChartSeries, renderChart } from './chart.js';
import type { LinkRow } from './link-report.js';
import { LINK_PROFILES, type LinkProfileName } from './profiles.js';

export const RESULTS_FOLDER = join(PROJECT_ROOT, 'bench', 'results');
export const CHART_FOLDER = join(PROJECT_ROOT, 'docs');

/** What a link results file holds that the charts use. */
export interface LinkResultsFile {
  readonly kind: 'link';
  readonly date: string;
  /** Set with --label, e.g. "before": names the lines of this run apart from a later run of the same mode. */
  readonly label?: string;
  readonly rows: ReadonlyArray<LinkRow>;
}

export function chartFileFor(profile: string): string {
  return join(CHART_FOLDER, `bench-link-${profile}.svg`);
}

/** Builds one profile's series from results, oldest first so the newest overwrite. */
export function seriesFor(profile: string, results: ReadonlyArray<LinkResultsFile>): ChartSeries[] {
  const lines = new Map<string, { dashed: boolean; yardstick: boolean; colourKey: string; points: Map<number, number> }>();
  const put = (name: string, bytes: number, seconds: number | undefined, style: { dashed?: boolean; yardstick?: boolean; colourKey?: string } = {}): void => {
    if (seconds === undefined) {
      return;
    }
    const line = lines.get(name) ?? { dashed: style.dashed === true, yardstick: style.yardstick === true, colourKey: style.colourKey ?? name, points: new Map<number, number>() };
    line.points.set(bytes, seconds);
    lines.set(name, line);
  };
  for (const file of [...results].sort((a, b) => a.date.localeCompare(b.date))) {
    const suffix = file.label === undefined ? '' : ` (${file.label})`;
    for (const row of file.rows.filter((candidate) => candidate.profile === profile)) {
      const colourKey = `${row.mode}${suffix}`;
      put(`file saved, ${row.mode}${suffix}`, row.bytes, row.fileSavedS?.median, { colourKey });
      put(`trace copy complete, ${row.mode}${suffix}`, row.bytes, row.traceCopyS?.median, { dashed: true, colourKey });
      put('download once', row.bytes, row.downloadOnceS?.median, { yardstick: true });
    }
  }
  return [...lines].map(([name, line]) => ({
    name,
    dashed: line.dashed,
    yardstick: line.yardstick,
    colourKey: line.colourKey,
    points: [...line.points].map(([bytes, seconds]) => ({ bytes, seconds })),
  }));
}

export async function readLinkResults(folder = RESULTS_FOLDER): Promise<LinkResultsFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = await Promise.all(
    names.filter((name) => name.startsWith('link-') && name.endsWith('.json')).map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as unknown),
  );
  return files.filter((file): file is LinkResultsFile => typeof file === 'object' && file !== null && (file as { kind?: unknown }).kind === 'link');
}

/** Writes docs/bench-link-<profile>.svg for every profile with results (or only those named); returns the files written. */
export async function writeLinkCharts(only?: ReadonlyArray<string>): Promise<string[]> {
  const results = await readLinkResults();
  const profiles = [...new Set(results.flatMap((file) => file.rows.map((row) => row.profile)))].filter((name) => only === undefined || only.includes(name));
  const written: string[] = [];
  for (const profile of profiles) {
    const described = (LINK_PROFILES as Readonly<Record<string, { description: string } | undefined>>)[profile]?.description ?? '';
    const svg = renderChart({
      title: `Download on the ${profile as LinkProfileName} link: time against record size`,
      subtitle: [`${described}; medians of the latest run of each line`, 'solid: verified file saved; dashed: S3 trace copy complete; grey: the same documents downloaded once'],
      series: seriesFor(profile, results),
    });
    const file = chartFileFor(profile);
    await writeFile(file, svg);
    written.push(file);
  }
  return written;
}
