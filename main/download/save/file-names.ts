import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { systemErrorCode } from '../../errors.js';
import { SaveError, fsSaveError } from './save-error.js';

// The names a save may take in the user's folder ('name.zip', 'name(1).zip', …), and the two questions asked of
// each: is it taken, and can this save claim it for itself alone.

export const PARTIAL_SUFFIX = '.partial';
export const MAX_NAME_CANDIDATES = 1000;

// The name is joined onto the user's folder, so it must not be able to climb out of it.
export function assertPlainFileName(fileName: string): void {
  if (fileName === '' || fileName === '.' || fileName === '..' || /[\\/]/u.test(fileName)) {
    throw new TypeError(`Not a plain file name: ${JSON.stringify(fileName)}`);
  }
}

/** The path of candidate `index`: 'name.zip' for 0, then 'name(1).zip', 'name(2).zip', … */
export function candidatePath(folder: string, fileName: string, index: number): string {
  if (index === 0) {
    return path.join(folder, fileName);
  }
  const dot = fileName.lastIndexOf('.');
  return path.join(folder, dot > 0 ? `${fileName.slice(0, dot)}(${index})${fileName.slice(dot)}` : `${fileName}(${index})`);
}

export async function pathExists(filePath: string, folder: string): Promise<boolean> {
  try {
    await fs.lstat(filePath);
    return true;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') {
      return false;
    }
    throw fsSaveError(error, folder);
  }
}

/** Creates the file only if nothing has that name; undefined when something does. */
export async function createExclusive(filePath: string, folder: string): Promise<FileHandle | undefined> {
  try {
    return await fs.open(filePath, 'wx');
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') {
      return undefined;
    }
    throw fsSaveError(error, folder);
  }
}

export function tooManyNames(folder: string, fileName: string): SaveError {
  return new SaveError(
    'folder-not-writable',
    `There are already too many files called ${fileName} in ${folder}. Move some of them, or choose another folder with 'Change folder'.`,
  );
}
