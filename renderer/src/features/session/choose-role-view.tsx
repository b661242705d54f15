/** "Choose your role": the roles this app recognises that the person holds, one to work in now. */
import { type SubmitEvent, useState } from 'react';
import type { RoleOption } from '../../../../common/identity.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { FocusLink } from '../../shared/focus-link.js';
import { useDocumentTitle, useHeadingFocus } from '../../shared/use-focus.js';
import { describeOrganisation, roleNameOf } from './session-words.js';

export interface ChooseRoleViewProps {
  /** The person's name, from the sign-in. */
  readonly name: string;
  readonly roles: ReadonlyArray<RoleOption>;
  /** Why the last choice failed, in main's words. */
  readonly problem: ErrorPayload | null;
  readonly onChoose: (personRoleId: string) => void;
}

const TITLE = 'Choose your role';
const FIELD_ID = 'role';
const NOTHING_CHOSEN = 'Select the role you are working in';

/** Radios of the person's roles (the role, the organisation and its ODS code); Continue with none chosen says so. */
export function ChooseRoleView({ name, roles, problem, onChoose }: ChooseRoleViewProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [missing, setMissing] = useState(false);
  const headingRef = useHeadingFocus<HTMLHeadingElement>(problem !== null);
  const hasError = missing || problem !== null;
  useDocumentTitle(hasError ? `Error: ${TITLE}` : TITLE);
  const hintId = `${FIELD_ID}-hint`;
  const errorId = `${FIELD_ID}-error`;

  function submit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (chosen === null) {
      setMissing(true);
      setAttempt((previous) => previous + 1);
      return;
    }
    setMissing(false);
    onChoose(chosen);
  }

  return (
    <>
      {hasError ? (
        <ErrorSummary autoFocus focusKey={`${attempt}:${problem?.message ?? ''}`}>
          {missing ? (
            <ul className="nhsuk-list nhsuk-error-summary__list">
              <li>
                <FocusLink targetId={`${FIELD_ID}-1`}>{NOTHING_CHOSEN}</FocusLink>
              </li>
            </ul>
          ) : (
            <p>{problem?.message}</p>
          )}
        </ErrorSummary>
      ) : null}
      <form noValidate onSubmit={submit}>
        <div className={missing ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
          <fieldset className="nhsuk-fieldset" aria-describedby={missing ? `${hintId} ${errorId}` : hintId}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
              <h1 className="nhsuk-fieldset__heading" ref={headingRef} tabIndex={-1}>
                {TITLE}
              </h1>
            </legend>
            <div className="nhsuk-hint" id={hintId}>
              You are signed in as {name}. Choose the role you are working in now; what you can see and download depends on it.
            </div>
            {missing ? (
              <span className="nhsuk-error-message" id={errorId}>
                <span className="nhsuk-u-visually-hidden">Error:</span> {NOTHING_CHOSEN}
              </span>
            ) : null}
            <div className="nhsuk-radios">
              {roles.map((role, index) => {
                const id = `${FIELD_ID}-${index + 1}`;
                return (
                  <div className="nhsuk-radios__item" key={role.personRoleId}>
                    <input
                      className="nhsuk-radios__input"
                      id={id}
                      name={FIELD_ID}
                      type="radio"
                      value={role.personRoleId}
                      checked={chosen === role.personRoleId}
                      onChange={() => setChosen(role.personRoleId)}
                      aria-describedby={`${id}-hint`}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                      {roleNameOf(role)}
                    </label>
                    <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                      {describeOrganisation(role)}
                      {role.roleName !== '' && role.roleName !== roleNameOf(role) ? ` – ${role.roleName}` : ''}
                    </div>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="nhsuk-button">
          Continue
        </button>
      </form>
    </>
  );
}
