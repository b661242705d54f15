/**
 * Whether the user wants "Also save one PDF of the whole record", remembered while the window is open (sessionStorage),
 * so it need not be ticked again for the next patient, and forgotten when the app closes.
 */
const KEY = 'download.recordPdf';

export function recordPdfChosen(): boolean {
  try {
    return sessionStorage.getItem(KEY) === 'yes';
  } catch {
    return false;
  }
}

export function rememberRecordPdfChoice(chosen: boolean): void {
  try {
    sessionStorage.setItem(KEY, chosen ? 'yes' : 'no');
  } catch {
    // Without storage the choice lasts only while the panel is shown.
  }
}
