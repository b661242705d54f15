import { fileURLToPath } from 'node:url';

/** The project folder: the sandbox, the runner and `electron-vite build` all run from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The entry point of one measured run in its own process. */
export const RUNNER_ENTRY = fileURLToPath(new URL('../runner.ts', import.meta.url));

/** Bytes in a decimal megabyte and gigabyte, as the sizes in the brief are counted. */
export const MB = 1_000_000;
export const GB = 1_000_000_000;

/** Bytes in a mebibyte; resident memory is reported in MiB. */
export const MIB = 1024 * 1024;
