/**
 * The "Managed settings" page, like Chrome's policy page: each setting, the value in force, where it comes from
 * (Windows registry, configuration profile, policy file, environment variable, default) and any value found for it
 * that is ignored, with why. Main masks every value before it is sent (a proxy password never reaches the page).
 */
import { useEffect, useRef } from 'react';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { ManagedSettingRow, ManagedSettingsView } from '../../../../common/managed-settings.js';
import { SOURCE_WORDS } from './managed-settings-words.js';
import { useManagedSettings } from './use-managed-settings.js';

export interface ManagedSettingsPageProps {
  readonly api: DocumentStoreApi;
  /** Back to where the person was. */
  readonly onBack: () => void;
}

export function ManagedSettingsPage({ api, onBack }: ManagedSettingsPageProps) {
  const state = useManagedSettings(api);
  const heading = useRef<HTMLHeadingElement>(null);
  // The page replaces the view: focus moves to its heading, so a screen reader says where the person is.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="managed-settings-heading">
      <button type="button" className="nhsuk-back-link" onClick={onBack}>
        Back
      </button>
      <h1 className="nhsuk-heading-l" id="managed-settings-heading" tabIndex={-1} ref={heading}>
        Managed settings
      </h1>
      <p className="nhsuk-body">
        The settings this app uses on this computer and where each one comes from. Your IT team sets them with Group Policy, a
        configuration profile or a policy file; these win over environment variables, which win over the defaults.
      </p>
      {state.status === 'loading' ? <p className="nhsuk-body">Reading the settings…</p> : null}
      {state.status === 'failed' ? <p className="nhsuk-error-message">{state.error.message}</p> : null}
      {state.status === 'ready' ? <SettingsTable view={state.view} /> : null}
    </section>
  );
}

function SettingsTable({ view }: { readonly view: ManagedSettingsView }) {
  const withErrors = view.settings.filter((row) => row.errors.length > 0).length;
  return (
    <>
      {view.problem === null ? null : (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="managed-settings-problem">
          <h2 className="nhsuk-error-summary__title" id="managed-settings-problem">
            The policy cannot be used
          </h2>
          <div className="nhsuk-error-summary__body">
            <p>{view.problem}</p>
          </div>
        </div>
      )}
      <p className="nhsuk-body">
        {view.managed ? 'Your organisation manages some of these settings.' : 'Your organisation does not manage any of these settings.'}
        {withErrors === 0 ? '' : ` ${withErrors === 1 ? '1 setting has' : `${withErrors} settings have`} a value that is ignored: see "Problem".`}
      </p>
      <table className="nhsuk-table app-managed-settings">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Each setting, its value, its source and any problem</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              Setting
            </th>
            <th className="nhsuk-table__header" scope="col">
              Value
            </th>
            <th className="nhsuk-table__header" scope="col">
              Source
            </th>
            <th className="nhsuk-table__header" scope="col">
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {view.settings.map((row) => (
            <SettingRow key={`${row.source}:${row.name}`} row={row} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function SettingRow({ row }: { readonly row: ManagedSettingRow }) {
  return (
    <tr className="nhsuk-table__row">
      <th className="nhsuk-table__cell" scope="row">
        <code>{row.name}</code>
      </th>
      <td className="nhsuk-table__cell">
        {row.value === null ? (
          <span>
            Not set{row.whenNotSet === '' ? null : <span className="nhsuk-body-s app-managed-settings__default"> (without it: {row.whenNotSet})</span>}
          </span>
        ) : (
          <code className="app-managed-settings__value">{row.value}</code>
        )}
      </td>
      <td className="nhsuk-table__cell">
        {SOURCE_WORDS[row.source]}
        {row.location === null ? null : <span className="nhsuk-body-s app-managed-settings__location"> {row.location}</span>}
      </td>
      <td className="nhsuk-table__cell">
        {row.errors.length === 0 ? (
          <span className="nhsuk-u-visually-hidden">None</span>
        ) : (
          row.errors.map((error) => (
            <p key={error} className="nhsuk-error-message">
              <span className="nhsuk-u-visually-hidden">Error:</span> Ignored: {error}
            </p>
          ))
        )}
      </td>
    </tr>
  );
}
