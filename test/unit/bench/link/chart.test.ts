import { describe, expect, it } from 'vitest';
import { niceTicks, renderChart } from '../../../../bench/link/chart.js';
import { type LinkResultsFile, seriesFor } from '../../../../bench/link/link-charts.js';
import type { LinkRow } from '../../../../bench/link/link-report.js';

const spread = (median: number) => ({ median, min: median, max: median, count: 1 });

function row(mode: string, bytes: number, saved: number, once: number, trace?: number): LinkRow {
  return { profile: 'practice', record: '', bytes, mode, runs: 1, failures: [], fileSavedS: spread(saved), downloadOnceS: spread(once), ...(trace === undefined ? {} : { traceCopyS: spread(trace) }) };
}

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and reaches past the largest value', () => {
    expect(niceTicks(113)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('still draws an axis when there is nothing to plot', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('renderChart', () => {
  const svg = renderChart({
    title: 'Download on the practice link',
    series: [
      { name: 'file saved, default', points: [{ bytes: 1e9, seconds: 500 }, { bytes: 2e8, seconds: 100 }] },
      { name: 'download once <grey> & co', points: [{ bytes: 2e8, seconds: 16 }], yardstick: true },
      { name: 'trace copy complete, default', points: [{ bytes: 2e8, seconds: 80 }], dashed: true },
    ],
  });

  it('draws one line per series, each named in the legend, with names escaped', () => {
    expect(svg.match(/<polyline /gu)).toHaveLength(3);
    expect(svg).toContain('download once &lt;grey&gt; &amp; co');
    expect(svg).not.toContain('<grey>');
    expect(svg.match(/stroke-dasharray/gu)).toHaveLength(2); // the dashed line and its legend key
  });

  it('plots points left to right by size, the largest time at the top of the axis', () => {
    const points = /<polyline points="([^"]+)"/u.exec(svg)?.[1]?.split(' ').map((pair) => pair.split(',').map(Number)) ?? [];
    expect(points).toHaveLength(2);
    const [small, large] = points as [number[], number[]];
    expect(small[0]).toBeLessThan(large[0] ?? 0);
    // 500 s is the last tick: the top of the plot; 100 s one fifth of the way up.
    expect(large[1]).toBeCloseTo(84, 0);
    expect(small[1]).toBeCloseTo(400 - (400 - 84) / 5, 0);
  });

  it('draws one mode\'s milestones in one colour, each mode in its own', () => {
    const coloured = renderChart({
      title: 't',
      series: [
        { name: 'file saved, a', colourKey: 'a', points: [{ bytes: 1, seconds: 1 }] },
        { name: 'trace copy complete, a', colourKey: 'a', dashed: true, points: [{ bytes: 1, seconds: 2 }] },
        { name: 'file saved, b', colourKey: 'b', points: [{ bytes: 1, seconds: 3 }] },
      ],
    });
    const strokes = [...coloured.matchAll(/<polyline [^>]*stroke="(#[0-9a-f]+)"/gu)].map((match) => match[1]);
    expect(strokes[0]).toBe(strokes[1]);
    expect(strokes[2]).not.toBe(strokes[0]);
  });

  it('is a standalone SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('seriesFor', () => {
  it('makes a line per mode and milestone, one download-once line, the newest results winning', () => {
    const older: LinkResultsFile = { kind: 'link', date: '2026-12-01T00:00:00Z', label: 'before', rows: [row('default', 2e8, 100, 16, 80)] };
    const newer: LinkResultsFile = { kind: 'link', date: '2026-12-02T00:00:00Z', rows: [row('background', 2e8, 17, 15, 81), row('background', 1e9, 85, 80)] };
    const series = seriesFor('practice', [newer, older]);
    expect(series.map((line) => line.name).sort()).toEqual(
      ['download once', 'file saved, background', 'file saved, default (before)', 'trace copy complete, background', 'trace copy complete, default (before)'].sort(),
    );
    expect(series.find((line) => line.name === 'download once')?.points).toEqual([{ bytes: 2e8, seconds: 15 }, { bytes: 1e9, seconds: 80 }]);
    expect(series.find((line) => line.name === 'trace copy complete, background')?.dashed).toBe(true);
  });

  it('leaves out other profiles', () => {
    const results: LinkResultsFile = { kind: 'link', date: '2026-12-01T00:00:00Z', rows: [{ ...row('default', 2e8, 1, 1), profile: 'adsl' }] };
    expect(seriesFor('practice', [results])).toEqual([]);
  });
});
