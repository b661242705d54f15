/** "Also save one PDF of the whole record": an NHS checkbox with a hint saying what the PDF holds and where it goes. */
import { useState } from 'react';
import { recordPdfChosen, rememberRecordPdfChoice } from './record-pdf-choice.js';

const ID = 'download-record-pdf';
export const RECORD_PDF_CHOICE = 'Also save one PDF of the whole record';

/** The user's choice, remembered for the session, and the checkbox that changes it. */
export function useRecordPdfChoice(): readonly [boolean, (chosen: boolean) => void] {
  const [chosen, setChosen] = useState(recordPdfChosen);
  const choose = (value: boolean) => {
    rememberRecordPdfChoice(value);
    setChosen(value);
  };
  return [chosen, choose];
}

export function RecordPdfCheckbox({ chosen, disabled, onChange }: { readonly chosen: boolean; readonly disabled: boolean; readonly onChange: (chosen: boolean) => void }) {
  return (
    <div className="nhsuk-form-group app-download__record-pdf">
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={ID}
            type="checkbox"
            checked={chosen}
            disabled={disabled}
            aria-describedby={`${ID}-hint`}
            onChange={(event) => onChange(event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={ID}>
            {RECORD_PDF_CHOICE}
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${ID}-hint`}>
            Saved beside the ZIP file, to read or print: a list of the documents first, then every document that can be put into a PDF. It takes a little longer.
          </div>
        </div>
      </div>
    </div>
  );
}
