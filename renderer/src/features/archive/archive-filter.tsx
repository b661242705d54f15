/** The archive's filter form: one patient's ZIPs by NHS number, or all of them. */
import { type SubmitEvent, useState } from 'react';
import { formatNhsNumber, parseNhsNumber } from '../../../../common/nhs-number.js';

export interface ArchiveFilterProps {
  /** The NHS number the list is filtered by; null for every ZIP. */
  readonly current: string | null;
  readonly onFilter: (nhsNumber: string | null) => void;
}

const FIELD_ID = 'archive-filter';

/** "Filter by NHS number", checked as the search form checks it, and "Show all". */
export function ArchiveFilter({ current, onFilter }: ArchiveFilterProps) {
  const [value, setValue] = useState(current === null ? '' : formatNhsNumber(current));
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (value.trim() === '') {
      setProblem(null);
      onFilter(null);
      return;
    }
    const parsed = parseNhsNumber(value);
    if (parsed.ok) {
      setProblem(null);
      onFilter(parsed.value);
    } else {
      setProblem(parsed.message);
    }
  }

  function showAll(): void {
    setValue('');
    setProblem(null);
    onFilter(null);
  }

  return (
    <form noValidate onSubmit={submit} className="app-archive-filter" aria-label="Filter the archive">
      <div className={problem === null ? 'nhsuk-form-group' : 'nhsuk-form-group nhsuk-form-group--error'}>
        <label className="nhsuk-label" htmlFor={FIELD_ID}>
          Filter by NHS number
        </label>
        <div className="nhsuk-hint" id={`${FIELD_ID}-hint`}>
          Leave it empty to list every saved ZIP
        </div>
        {problem === null ? null : (
          <span className="nhsuk-error-message" id={`${FIELD_ID}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {problem}
          </span>
        )}
        <input
          className={problem === null ? 'nhsuk-input nhsuk-input--width-10' : 'nhsuk-input nhsuk-input--width-10 nhsuk-input--error'}
          id={FIELD_ID}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={problem === null ? `${FIELD_ID}-hint` : `${FIELD_ID}-hint ${FIELD_ID}-error`}
          aria-invalid={problem === null ? undefined : true}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </div>
      <div className="nhsuk-button-group">
        <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
          Filter
        </button>
        {current === null ? null : (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={showAll}>
            Show all
          </button>
        )}
      </div>
    </form>
  );
}
