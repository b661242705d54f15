import type { ArchiveErrorCode } from '../../common/error-codes.js';
import type { Result } from '../../common/result.js';
import { CodedError, systemErrorCode } from '../errors.js';

/** An expected archive failure; the message is plain words for a practice user and says what to do next. */
export class ArchiveError extends CodedError<ArchiveErrorCode> {}

/** Runs an archive operation and turns an ArchiveError into a Result; anything else still throws. */
export async function archiveResult<T>(operation: () => Promise<T>): Promise<Result<T, { readonly code: ArchiveErrorCode; readonly message: string }>> {
  try {
    return { ok: true, value: await operation() };
  } catch (error) {
    if (error instanceof ArchiveError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    throw error;
  }
}


/** A missing or unreadable file, in plain words. */
export function fileError(error: unknown, file: string): ArchiveError {
  const code = systemErrorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ArchiveError('file-missing', `The file ${file} cannot be found. It may have been moved, renamed or deleted.`, { cause: error });
  }
  if (code === 'EISDIR') {
    return new ArchiveError('file-unreadable', `${file} is a folder, not a ZIP file.`, { cause: error });
  }
  return new ArchiveError('file-unreadable', `The file ${file} cannot be read (${code ?? 'unknown problem'}). Check that you can open it, then try again.`, { cause: error });
}
