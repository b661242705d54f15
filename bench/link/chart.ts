/** A small line chart as SVG text, no dependencies: time against record size, one line per series. */

export interface ChartPoint {
  /** Record size in bytes. */
  readonly bytes: number;
  readonly seconds: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<ChartPoint>;
  /** Drawn dashed: a milestone other than the file saved (the trace copy). */
  readonly dashed?: boolean;
  /** Drawn grey: the yardstick (download once). */
  readonly yardstick?: boolean;
  /** Series with the same key share a colour (one mode's milestones). */
  readonly colourKey?: string;
}

export interface ChartInput {
  readonly title: string;
  /** Lines under the title. */
  readonly subtitle?: ReadonlyArray<string>;
  readonly series: ReadonlyArray<ChartSeries>;
}

const WIDTH = 900;
const HEIGHT = 460;
const PLOT = { left: 64, top: 84, right: 560, bottom: 400 };
const COLOURS = ['#005eb8', '#d5281b', '#007f3b', '#7c2855', '#ed8b00', '#330072', '#00a499', '#ae2573'];
const YARDSTICK_COLOUR = '#768692';

/** Ticks at 1, 2 or 5 × a power of ten from 0 up to at least `max`, about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) {
    return [0, 1];
  }
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Number(value.toPrecision(12)));
    if (value >= max) {
      break;
    }
  }
  return ticks;
}

export function renderChart(input: ChartInput): string {
  const points = input.series.flatMap((series) => series.points);
  const xTicks = niceTicks(Math.max(...points.map((point) => point.bytes / 1e6), 0));
  const yTicks = niceTicks(Math.max(...points.map((point) => point.seconds), 0));
  const xMax = xTicks[xTicks.length - 1] ?? 1;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const x = (bytes: number): number => PLOT.left + ((bytes / 1e6) / xMax) * (PLOT.right - PLOT.left);
  const y = (seconds: number): number => PLOT.bottom - (seconds / yMax) * (PLOT.bottom - PLOT.top);
  const fixed = (value: number): string => value.toFixed(1);
  const colours = new Map<string, string>();
  const colourOf = (key: string): string => {
    const colour = colours.get(key) ?? COLOURS[colours.size % COLOURS.length] ?? '#000';
    colours.set(key, colour);
    return colour;
  };
  const drawn = input.series.map((series) => {
    const colour = series.yardstick === true ? YARDSTICK_COLOUR : colourOf(series.colourKey ?? series.name);
    const sorted = [...series.points].sort((a, b) => a.bytes - b.bytes);
    return { series, colour, sorted };
  });
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Arial, Helvetica, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="24" font-size="15" font-weight="bold">${escapeXml(input.title)}</text>`,
    ...(input.subtitle ?? []).map((line, index) => `<text x="${PLOT.left}" y="${44 + index * 16}" fill="#4c6272">${escapeXml(line)}</text>`),
    ...yTicks.map(
      (tick) =>
        `<line x1="${PLOT.left}" y1="${fixed(y(tick))}" x2="${PLOT.right}" y2="${fixed(y(tick))}" stroke="#d8dde0"/>` +
        `<text x="${PLOT.left - 8}" y="${fixed(y(tick) + 4)}" text-anchor="end">${formatTick(tick)}</text>`,
    ),
    ...xTicks.map(
      (tick) =>
        `<line x1="${fixed(x(tick * 1e6))}" y1="${PLOT.bottom}" x2="${fixed(x(tick * 1e6))}" y2="${PLOT.bottom + 5}" stroke="#4c6272"/>` +
        `<text x="${fixed(x(tick * 1e6))}" y="${PLOT.bottom + 20}" text-anchor="middle">${formatTick(tick)}</text>`,
    ),
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#4c6272"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="#4c6272"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 44}" text-anchor="middle">record size (MB)</text>`,
    `<text transform="translate(18 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">time (s)</text>`,
    ...drawn.map(({ series, colour, sorted }) => {
      const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
      const path = sorted.map((point) => `${fixed(x(point.bytes))},${fixed(y(point.seconds))}`).join(' ');
      const marks = sorted.map((point) => `<circle cx="${fixed(x(point.bytes))}" cy="${fixed(y(point.seconds))}" r="3" fill="${colour}"/>`).join('');
      return `<g><title>${escapeXml(series.name)}</title><polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>${marks}</g>`;
    }),
    ...drawn.map(({ series, colour }, index) => {
      const top = PLOT.top + index * 20;
      const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
      return (
        `<line x1="${PLOT.right + 20}" y1="${top}" x2="${PLOT.right + 44}" y2="${top}" stroke="${colour}" stroke-width="2"${dash}/>` +
        `<text x="${PLOT.right + 50}" y="${top + 4}">${escapeXml(series.name)}</text>`
      );
    }),
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}

function formatTick(value: number): string {
  return value.toLocaleString('en-GB');
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/gu, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character] ?? character);
}
