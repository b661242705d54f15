/** The filters above the available documents: find by name, type, and upload dates; applied as the user types. */
import { useId } from 'react';
import { type DocumentQuery, EVERY_DOCUMENT, isFiltered } from './document-query.js';

export interface DocumentFiltersProps {
  readonly query: DocumentQuery;
  /** The types among the documents, for the type list. */
  readonly types: ReadonlyArray<string>;
  readonly onChange: (query: DocumentQuery) => void;
}

/** Find by name, type, uploaded from and to, and "Clear filters" once any is set. */
export function DocumentFilters({ query, types, onChange }: DocumentFiltersProps) {
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  return (
    <fieldset className="nhsuk-fieldset app-filters">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Find and filter documents</legend>
      <div className="app-filters__fields">
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor={field('name')}>
            File name contains
          </label>
          <input
            className="nhsuk-input nhsuk-input--width-20"
            id={field('name')}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={query.name}
            onChange={(event) => onChange({ ...query, name: event.target.value })}
          />
        </div>
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor={field('type')}>
            Type
          </label>
          <select className="nhsuk-select" id={field('type')} value={query.type} onChange={(event) => onChange({ ...query, type: event.target.value })}>
            <option value="">All types</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor={field('from')}>
            Uploaded from
          </label>
          <input className="nhsuk-input" id={field('from')} type="date" value={query.from} onChange={(event) => onChange({ ...query, from: event.target.value })} />
        </div>
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor={field('to')}>
            Uploaded to
          </label>
          <input className="nhsuk-input" id={field('to')} type="date" value={query.to} onChange={(event) => onChange({ ...query, to: event.target.value })} />
        </div>
        {isFiltered(query) ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-filters__clear"
            onClick={() => onChange({ ...EVERY_DOCUMENT, sort: query.sort })}
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}
