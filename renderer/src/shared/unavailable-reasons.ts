/**
 * Why a document cannot be downloaded, in plain words: for the results list (from the virus-scan value a search
 * returns) and for the saved outcome (from the reason main's download gives), and what the user can do about it.
 */
import type { RoleCode } from '../../../common/identity.js';

export const STILL_BEING_CHECKED = 'Still being checked for viruses';
export const FAILED_THE_CHECK = 'Failed the virus check';
export const COULD_NOT_BE_CHECKED = 'Could not be checked for viruses';
export const NOT_CLEARED = 'Not cleared by the virus check';
export const UPLOAD_NOT_FINISHED = 'Upload not finished';
export const DELETED = 'Deleted';
/** A document main could not read while collecting; main's own message goes under "Technical details". */
export const NOT_COLLECTED = 'Could not be collected from storage';

/** What a scan value other than Clean means for the user, e.g. "Still being checked for viruses". */
export function describeScanResult(scanResult: string): string {
  switch (scanResult.trim().toLowerCase()) {
    case 'not scanned':
    case '':
      return STILL_BEING_CHECKED;
    case 'infected':
    case 'suspicious':
      return FAILED_THE_CHECK;
    case 'error':
    case 'unscannable':
      return COULD_NOT_BE_CHECKED;
    default:
      return NOT_CLEARED;
  }
}

const VIRUS_SCAN_PREFIX = 'virus scan: ';

/** main's exclusion reason ("deleted", "not uploaded", "virus scan: Infected") in words. */
export function describeExclusion(reason: string): string {
  if (reason === 'deleted') {
    return DELETED;
  }
  if (reason === 'not uploaded') {
    return UPLOAD_NOT_FINISHED;
  }
  return describeScanResult(reason.startsWith(VIRUS_SCAN_PREFIX) ? reason.slice(VIRUS_SCAN_PREFIX.length) : reason);
}

const MAY_BE_READY_LATER = new Set([STILL_BEING_CHECKED, UPLOAD_NOT_FINISHED]);
const WILL_NOT_BE_READY = new Set([FAILED_THE_CHECK, COULD_NOT_BE_CHECKED, NOT_CLEARED]);

/**
 * What to do about documents that failed the virus check, by who is asking: a practice may hold the originals and
 * upload them again; PCSE holds no originals and goes to the practice that uploaded them. Nobody is sent to "contact
 * the GP practice" when they are the GP practice.
 */
function failedCheckStep(role: RoleCode | null): string {
  switch (role) {
    case 'GP_ADMIN':
    case 'GP_CLINICAL':
      return 'Documents that did not pass the virus check cannot be downloaded. If your practice holds the originals, scan and upload them again; your IT service desk can tell you more.';
    case 'PCSE':
      return 'Documents that did not pass the virus check cannot be downloaded. Ask the practice that uploaded them to upload them again, or contact your IT service desk.';
    default:
      return 'Documents that did not pass the virus check cannot be downloaded. Your IT service desk can tell you more about them.';
  }
}

/**
 * What the user can do, one sentence for each kind of reason among `reasons` (words from this module), in words that
 * fit the role they act in (null: nobody signed in, the general words).
 */
export function nextStepsFor(reasons: ReadonlyArray<string>, role: RoleCode | null = null): ReadonlyArray<string> {
  const has = (kinds: ReadonlySet<string>) => reasons.some((reason) => kinds.has(reason));
  return [
    ...(reasons.includes(NOT_COLLECTED)
      ? ['Documents that could not be collected may download if you try again later. If they still do not, contact your IT service desk.']
      : []),
    ...(has(MAY_BE_READY_LATER) ? ['Documents still being checked for viruses or still uploading can be downloaded once that has finished. Search again later.'] : []),
    ...(has(WILL_NOT_BE_READY) ? [failedCheckStep(role)] : []),
  ];
}
