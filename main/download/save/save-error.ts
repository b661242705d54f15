import { CodedError, systemErrorCode } from '../../errors.js';
import { STALLED_MESSAGE } from '../../reliability/retryable.js';

// How a save's failures reach the user: a code for the UI to pick its next step, and plain words that say what to do.

/** Why a save failed, for the UI to pick its next step. */
export type SaveErrorCode =
  | 'folder-not-writable'
  | 'folder-missing'
  | 'disk-full'
  | 'download-failed'
  | 'verification-failed'
  | 'unreachable'
  | 'access-denied'
  | 'cancelled';

/** A failed save; the message is plain words for a practice user and says what to do next. */
export class SaveError extends CodedError<SaveErrorCode> {}

const MESSAGES: Readonly<Record<SaveErrorCode, (folder: string) => string>> = {
  'folder-missing': (folder) =>
    `The folder ${folder} cannot be found. It may have been moved, renamed or disconnected. Choose another folder with 'Change folder'.`,
  'folder-not-writable': (folder) =>
    `You cannot save to ${folder}: this folder is read-only. Choose another folder with 'Change folder'.`,
  'disk-full': (folder) =>
    `There is not enough free space to save the record in ${folder}. Free up some space, or choose another folder with 'Change folder'.`,
  'download-failed': () =>
    'The record could not be downloaded because the connection kept failing. Check your internet connection and try again.',
  'verification-failed': (folder) =>
    `The downloaded record did not match the stored copy, so nothing was saved to ${folder}. Try the download again.`,
  unreachable: () => STALLED_MESSAGE,
  'access-denied': () =>
    'The document store refused access to the record, so nothing was saved. Ask your administrator to check your permissions, then try again.',
  cancelled: (folder) => `The download was cancelled. Nothing was saved to ${folder}.`,
};

export function saveError(code: SaveErrorCode, folder: string, cause?: unknown): SaveError {
  return new SaveError(code, MESSAGES[code](folder), { cause });
}

/** A failure of the file system under the user's folder, as the user's problem with that folder. */
export function fsSaveError(error: unknown, folder: string): SaveError {
  switch (systemErrorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return saveError('folder-missing', folder, error);
    case 'ENOSPC':
    case 'EDQUOT':
      return saveError('disk-full', folder, error);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return saveError('folder-not-writable', folder, error);
    default:
      return new SaveError(
        'folder-not-writable',
        `The record could not be written to ${folder}. Try again, or choose another folder with 'Change folder'.`,
        { cause: error },
      );
  }
}

/** Any failure of a save as a SaveError: a cancel when the signal fired, an unexpected problem otherwise. */
export function toSaveError(error: unknown, folder: string, signal: AbortSignal | undefined): SaveError {
  if (error instanceof SaveError) {
    return error;
  }
  if (signal?.aborted === true) {
    return saveError('cancelled', folder, error);
  }
  return new SaveError(
    'download-failed',
    'The record could not be saved because of an unexpected problem. Try again; if it keeps happening, contact your IT service desk.',
    { cause: error },
  );
}
