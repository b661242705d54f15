import type { Patch } from './private-copy.js';

/**
 * Candidate tuning edits, each measured on a private copy by `bench/tune.ts` against the code as it is. Edits that
 * helped have been made in main/ (docs/benchmarks.md keeps their numbers); these are the settings still worth
 * re-measuring on another machine or store.
 */
export const PATCHES: Readonly<Record<string, ReadonlyArray<Patch>>> = {
  'pooled-5x1': [queueSize(1)],
  'pooled-5x3': [queueSize(3)],
  'pooled-8x2': [partSize(8)],
  'pooled-8x4': [partSize(8), queueSize(4)],
  // Experiment: a young-generation GC every N MiB moved, so dropped socket chunks are freed before V8's
  // external-memory trigger (64 MB of growth) would start a full GC.
  'gc-minor-8': gcEvery(8, 'minor'),
  'gc-minor-32': gcEvery(32, 'minor'),
  'gc-major-32': gcEvery(32, 'major'),
};

function gcEvery(mebibytes: number, type: 'minor' | 'major'): Patch[] {
  const helper = (first: string): string =>
    [
      first,
      "import { setFlagsFromString as benchSetFlags } from 'node:v8';",
      "import { runInNewContext as benchRun } from 'node:vm';",
      "benchSetFlags('--expose-gc');",
      "const benchGc = benchRun('gc') as (options: { type: string; execution: string }) => void;",
      'let benchSinceGc = 0;',
      'function benchNudge(count: number): void {',
      '  benchSinceGc += count;',
      `  if (benchSinceGc >= ${mebibytes} * 1024 * 1024) {`,
      '    benchSinceGc = 0;',
      `    benchGc({ type: '${type}', execution: 'sync' });`,
      '  }',
      '}',
      '',
    ].join('\n');
  const progressFirst = "import type { DownloadProgress } from '../../common/download.js';\n";
  const saveFirst = "import { fsSaveError, saveError } from './save-error.js';\n";
  return [
    { file: 'main/download/progress.ts', from: progressFirst, to: helper(progressFirst) },
    { file: 'main/download/progress.ts', from: '      state = { ...state, bytesDone: state.bytesDone + count };', to: '      state = { ...state, bytesDone: state.bytesDone + count };\n      benchNudge(count);' },
    { file: 'main/download/save/write-body.ts', from: saveFirst, to: helper(saveFirst) },
    { file: 'main/download/save/write-body.ts', from: '    transfer.offset += bytes;\n', to: '    transfer.offset += bytes;\n    benchNudge(bytes);\n' },
  ];
}

function partSize(mebibytes: number): Patch {
  return { file: 'main/download/part-sizes.ts', from: 'export const PART_SIZE = 5 * 1024 * 1024;', to: `export const PART_SIZE = ${mebibytes} * 1024 * 1024;` };
}

function queueSize(size: number): Patch {
  return { file: 'main/download/upload-zip.ts', from: 'const QUEUE_SIZE = 2;', to: `const QUEUE_SIZE = ${size};` };
}
