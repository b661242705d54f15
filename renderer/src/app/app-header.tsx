/** The NHS header: the service name, who is signed in with Sign out, and the navigation between the app's two sections. */
import type { SignedInPerson } from '../../../common/identity.js';
import { describeOrganisation, roleNameOf } from '../features/session/session-words.js';

/** The app's two sections: search the document store, or work with the ZIPs saved on this computer. */
export type Section = 'search' | 'archive';

const SECTIONS: ReadonlyArray<{ readonly section: Section; readonly text: string }> = [
  { section: 'search', text: 'Search' },
  { section: 'archive', text: 'Archive' },
];

export interface AppHeaderProps {
  readonly section: Section;
  readonly onNavigate: (section: Section) => void;
  /** The person signed in (also while they are asked to sign in again); null when no one is. */
  readonly person: SignedInPerson | null;
  readonly onSignOut: () => void;
}

/**
 * The NHS header with the service name, the person signed in (name, role, organisation and its ODS code: never an
 * AWS identity) with "Sign out", and the navigation between search and the archive of saved ZIPs.
 */
export function AppHeader({ section, onNavigate, person, onSignOut }: AppHeaderProps) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <svg
            className="nhsuk-header__logo"
            xmlns="http://www.w3.org/2000/svg"
            viewBox="0 0 200 80"
            height="40"
            width="100"
            focusable="false"
            role="img"
            aria-label="NHS"
          >
            <title>NHS</title>
            <path
              fill="currentcolor"
              d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
            />
          </svg>
          <span className="nhsuk-header__service-name">Document Store Desktop</span>
        </div>
        {person === null ? null : <Account person={person} onSignOut={onSignOut} />}
      </div>
      <nav className="nhsuk-header__navigation" aria-label="Sections">
        <div className="nhsuk-header__navigation-container nhsuk-width-container">
          <ul className="nhsuk-header__navigation-list">
            {SECTIONS.map((item) => {
              const current = item.section === section;
              return (
                <li key={item.section} className={current ? 'nhsuk-header__navigation-item nhsuk-header__navigation-item--current' : 'nhsuk-header__navigation-item'}>
                  {/* A link to a fragment: nothing leaves the page, the app changes section. */}
                  <a
                    className="nhsuk-header__navigation-link"
                    href={`#${item.section}`}
                    aria-current={current ? 'page' : undefined}
                    onClick={(event) => {
                      event.preventDefault();
                      onNavigate(item.section);
                    }}
                  >
                    {current ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong> : item.text}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      </nav>
    </header>
  );
}

function Account({ person, onSignOut }: { readonly person: SignedInPerson; readonly onSignOut: () => void }) {
  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        <li className="nhsuk-header__account-item">
          <svg className="nhsuk-icon nhsuk-icon--user" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
            <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
          </svg>
          <span className="nhsuk-u-visually-hidden">Signed in as </span>
          {person.name}
        </li>
        <li className="nhsuk-header__account-item">
          {roleNameOf(person.role)}, {describeOrganisation(person.role)}
        </li>
        <li className="nhsuk-header__account-item">
          <button type="button" className="nhsuk-header__account-button" onClick={onSignOut}>
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}
