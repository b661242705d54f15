/**
 * A ZIP's documents checked against the list saved inside it (its manifest), in plain words: the summary callout,
 * each entry's check as a tag, and the figures behind it folded away under "Technical details".
 */
import type { ReactNode } from 'react';
import type { EntryCheck, ZipListing } from '../../../../common/archive.js';
import { formatDocuments } from '../../shared/format.js';

/** How an entry compares with what was saved, in words and as a tag colour. */
export function describeCheck(check: EntryCheck, hasManifest: boolean): { readonly text: string; readonly colour: string } {
  if (!hasManifest) {
    return { text: 'Cannot be checked', colour: 'grey' };
  }
  switch (check) {
    case 'matches':
      return { text: 'Unchanged', colour: 'green' };
    case 'differs':
      return { text: 'Changed', colour: 'red' };
    default:
      return { text: 'Not saved by this app', colour: 'orange' };
  }
}

/** Whether the ZIP's documents are still those that were saved, and what could not be included. */
export function ManifestCheck({ listing }: { readonly listing: ZipListing }) {
  const { manifest } = listing;
  if (manifest === null) {
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>This ZIP was not saved by this app, so the app cannot check whether its documents have changed.</p>
        {listing.manifestProblem === null ? null : <TechnicalDetails>{listing.manifestProblem}</TechnicalDetails>}
      </div>
    );
  }
  const named = (check: EntryCheck) => listing.entries.filter((entry) => entry.check === check).map((entry) => entry.name);
  const couldNotRead = manifest.manifest.documents.filter((document) => document.status === 'missing');
  return (
    <>
      {manifest.verified ? (
        <div className="nhsuk-inset-text app-check app-check--ok">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>All {formatDocuments(listing.entries.length)} are unchanged since the ZIP was saved.</p>
        </div>
      ) : (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            This ZIP has changed since it was saved
          </h2>
          <p>Do not rely on the documents listed below; download the record again.</p>
          <NameList heading="Changed since it was saved" names={named('differs')} />
          <NameList heading="Added after it was saved" names={named('not-in-manifest')} />
          <NameList heading="Saved in it but no longer there" names={manifest.absentEntries} />
        </div>
      )}
      {couldNotRead.length > 0 ? (
        <p>
          {couldNotRead.length === 1 ? '1 document' : formatDocuments(couldNotRead.length)} could not be read from storage when the ZIP was made,
          so {couldNotRead.length === 1 ? 'it is' : 'they are'} not in it: {couldNotRead.map((document) => document.fileName).join(', ')}.
        </p>
      ) : null}
      <TechnicalDetails>
        Each document&apos;s SHA-256 is compared with the one recorded in the ZIP&apos;s manifest.json when it was saved (correlation ID{' '}
        {manifest.manifest.correlationId}).
      </TechnicalDetails>
    </>
  );
}

function TechnicalDetails({ children }: { readonly children: ReactNode }) {
  return (
    <details className="nhsuk-details app-technical-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Technical details</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>{children}</p>
      </div>
    </details>
  );
}

function NameList({ heading, names }: { readonly heading: string; readonly names: ReadonlyArray<string> }) {
  if (names.length === 0) {
    return null;
  }
  return (
    <>
      <h3 className="nhsuk-heading-xs">{heading}</h3>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {names.map((name) => (
          <li key={name} className="app-path">
            {name}
          </li>
        ))}
      </ul>
    </>
  );
}
