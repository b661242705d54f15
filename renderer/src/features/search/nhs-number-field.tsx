/** The "NHS number" form field: label, hint, inline error and text box. */
import type { RefObject } from 'react';

export const NHS_NUMBER_FIELD_ID = 'nhs-number';

export interface NhsNumberFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The message from parseNhsNumber, shown inline; null when there is no problem. */
  readonly error: string | null;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
}

/** The "NHS number" text box with its hint and, after a failed submit, its inline error message. */
export function NhsNumberField({ value, onChange, error, inputRef }: NhsNumberFieldProps) {
  const hintId = `${NHS_NUMBER_FIELD_ID}-hint`;
  const errorId = `${NHS_NUMBER_FIELD_ID}-error`;
  return (
    <div className={error === null ? 'nhsuk-form-group' : 'nhsuk-form-group nhsuk-form-group--error'}>
      <label className="nhsuk-label nhsuk-label--m" htmlFor={NHS_NUMBER_FIELD_ID}>
        NHS number
      </label>
      <div className="nhsuk-hint" id={hintId}>
        A 10-digit number, for example, 485 777 3456
      </div>
      {error === null ? null : (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        ref={inputRef}
        className={error === null ? 'nhsuk-input nhsuk-input--width-10' : 'nhsuk-input nhsuk-input--width-10 nhsuk-input--error'}
        id={NHS_NUMBER_FIELD_ID}
        name="nhsNumber"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={error === null ? hintId : `${hintId} ${errorId}`}
        aria-invalid={error === null ? undefined : true}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
