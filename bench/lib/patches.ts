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
  // main/reliability/memory-pacer.ts called as the ZIP is written and as the trace copy reads its parts.
  'pace-minor-8': paceEvery(8, 'minor'),
  'pace-major-16': paceEvery(16, 'major'),
  'pace-major-32': paceEvery(32, 'major'),
  // Issue 17 §3: which queue keeps socket chunks alive across two young-generation collections (so they are promoted).
  'readahead-4': [readAhead(4)],
  'readahead-0': [readAhead(0)],
  'readahead-8': [readAhead(8)],
  'body-64k': [bodyBuffer(64)],
  'zipout-256k': [zipOutputBatch(256)],
  'zipout-64k': [zipOutputBatch(64)],
  // archiver's buffers: 64 KiB kept (issue 17 §3); 1024 is archiver's own default, the code before.
  'archiver-16k': [archiverHighWaterMark(16)],
  'archiver-256k': [archiverHighWaterMark(256)],
  'archiver-1024k': [archiverHighWaterMark(1024)],
  'sync-off': [backgroundSyncEvery(1024 * 1024)],
  'sync-16': [backgroundSyncEvery(16)],
};

function readAhead(mebibytes: number): Patch {
  return { file: 'main/download/write-documents.ts', from: 'const DEFAULT_READ_AHEAD_BYTES = 16 * 1024 * 1024;', to: `const DEFAULT_READ_AHEAD_BYTES = ${mebibytes} * 1024 * 1024;` };
}

function bodyBuffer(kibibytes: number): Patch {
  return { file: 'main/reliability/no-byte-deadline.ts', from: 'const BUFFER_BYTES = 256 * 1024;', to: `const BUFFER_BYTES = ${kibibytes} * 1024;` };
}

function zipOutputBatch(kibibytes: number): Patch {
  return { file: 'main/download/local-zip-output.ts', from: 'const WRITE_BATCH_BYTES = 1024 * 1024;', to: `const WRITE_BATCH_BYTES = ${kibibytes} * 1024;` };
}

function archiverHighWaterMark(kibibytes: number): Patch {
  return { file: 'main/download/zip-writer.ts', from: 'const STREAM_BUFFER_BYTES = 64 * 1024;', to: `const STREAM_BUFFER_BYTES = ${kibibytes} * 1024;` };
}

function backgroundSyncEvery(mebibytes: number): Patch {
  return { file: 'main/download/save/background-sync.ts', from: 'const BACKGROUND_SYNC_BYTES = 64 * 1024 * 1024;', to: `const BACKGROUND_SYNC_BYTES = ${mebibytes} * 1024 * 1024;` };
}

function paceEvery(mebibytes: number, type: 'minor' | 'major'): Patch[] {
  const pacer = (path: string): string => `import { memoryPacer } from '${path}';\nconst benchPacer = memoryPacer(${mebibytes} * 1024 * 1024, '${type}');\n`;
  const zipFirst = "import { backgroundSync } from './save/background-sync.js';\n";
  const copyFirst = "import { Crc64Nvme, crc64NvmeOf } from './crc64-nvme.js';\n";
  return [
    { file: 'main/download/local-zip-output.ts', from: zipFirst, to: zipFirst + pacer('../reliability/memory-pacer.js') },
    { file: 'main/download/local-zip-output.ts', from: '    syncer.written(bytes);\n', to: '    syncer.written(bytes);\n    benchPacer.processed(chunks.reduce((total, chunk) => total + chunk.length, 0));\n' },
    { file: 'main/download/trace-copy/upload-file.ts', from: copyFirst, to: copyFirst + pacer('../../reliability/memory-pacer.js') },
    { file: 'main/download/trace-copy/upload-file.ts', from: '    this.crc.update(part);\n', to: '    this.crc.update(part);\n    benchPacer.processed(part.length);\n' },
  ];
}

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
