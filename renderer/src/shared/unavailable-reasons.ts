/**
 * Why a document cannot be downloaded, in plain words: for the results list (from the virus-scan value a search
 * returns) and for the saved outcome (from the reason main's download gives), and what the user can do about it.
 */

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

/** What the user can do, one sentence for each kind of reason among `reasons` (words from this module). */
export function nextStepsFor(reasons: ReadonlyArray<string>): ReadonlyArray<string> {
  const has = (kinds: ReadonlySet<string>) => reasons.some((reason) => kinds.has(reason));
  return [
    ...(reasons.includes(NOT_COLLECTED)
      ? ['Documents that could not be collected may download if you try again later. If they still do not, contact your IT service desk.']
      : []),
    ...(has(MAY_BE_READY_LATER) ? ['Documents still being checked for viruses or still uploading can be downloaded once that has finished. Search again later.'] : []),
    ...(has(WILL_NOT_BE_READY) ? ['Documents that did not pass the virus check cannot be downloaded. Your IT service desk can tell you more about them.'] : []),
  ];
}
