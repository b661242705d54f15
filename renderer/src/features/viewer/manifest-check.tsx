/** A ZIP's documents checked against its own manifest: the summary callout, and each entry's check as a tag. */
import type { EntryCheck, ZipListing } from '../../../../common/archive.js';
import { formatDocuments } from '../../shared/format.js';

/** How an entry compares with the ZIP's manifest, in words and as a tag colour. */
export function describeCheck(check: EntryCheck, hasManifest: boolean): { readonly text: string; readonly colour: string } {
  if (!hasManifest) {
    return { text: 'No manifest', colour: 'grey' };
  }
  switch (check) {
    case 'matches':
      return { text: 'Matches', colour: 'green' };
    case 'differs':
      return { text: 'Differs', colour: 'red' };
    default:
      return { text: 'Not listed', colour: 'orange' };
  }
}

/** Whether the ZIP's documents still match the SHA-256 values its manifest recorded, and what it could not include. */
export function ManifestCheck({ listing }: { readonly listing: ZipListing }) {
  const { manifest } = listing;
  if (manifest === null) {
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>{listing.manifestProblem ?? 'This ZIP has no manifest from this app, so its documents cannot be checked against one.'}</p>
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
          <p>
            All {formatDocuments(listing.entries.length)} match the SHA-256 values in the ZIP&apos;s manifest.
          </p>
        </div>
      ) : (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            This ZIP does not match its manifest
          </h2>
          <p>It may have been changed after it was saved. Do not rely on the documents listed below; download the record again.</p>
          <NameList heading="Different from the manifest" names={named('differs')} />
          <NameList heading="Not listed in the manifest" names={named('not-in-manifest')} />
          <NameList heading="Listed in the manifest but not in the ZIP" names={manifest.absentEntries} />
        </div>
      )}
      {couldNotRead.length > 0 ? (
        <p>
          {couldNotRead.length === 1 ? '1 document' : formatDocuments(couldNotRead.length)} could not be read from storage when the ZIP was made,
          so {couldNotRead.length === 1 ? 'it is' : 'they are'} not in it: {couldNotRead.map((document) => document.fileName).join(', ')}.
        </p>
      ) : null}
    </>
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
