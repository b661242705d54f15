/** Plain-words descriptions of archive entries, statuses and ZIP checks, for the CLI. */
import type { ArchiveEntry, ArchiveEntryView, ArchiveImport, ArchiveStatus, ZipListing } from '../../common/archive.js';

const STATUS_WORDS: Readonly<Record<ArchiveStatus, string>> = {
  verified: 'Verified',
  changed: 'Changed ',
  missing: 'Missing ',
};

/** One line per entry, newest first. */
export function describeList(views: ReadonlyArray<ArchiveEntryView>): string {
  if (views.length === 0) {
    return 'The archive is empty.\n';
  }
  const lines = views.map(({ entry, reviewDue }) =>
    [
      entry.id,
      `saved ${entry.savedAt.slice(0, 16).replace('T', ' ')}`,
      entry.nhsNumber === null ? 'NHS number unknown' : `NHS ${entry.nhsNumber}`,
      `${entry.documentCount} documents${entry.missingCount > 0 ? `, ${entry.missingCount} missing` : ''}`,
      megabytes(entry.bytes),
      entry.path,
      ...tags(entry, reviewDue),
    ].join('  '),
  );
  return `${views.length} ZIP${views.length === 1 ? '' : 's'} in the archive, newest first:\n${lines.join('\n')}\n`;
}

/** One line per checked entry, then the totals. */
export function describeVerification(views: ReadonlyArray<ArchiveEntryView>): string {
  const lines = views.map((view) => `${STATUS_WORDS[view.status ?? 'missing']}  ${view.entry.path}${statusDetail(view)}`);
  const count = (status: ArchiveStatus) => views.filter((view) => view.status === status).length;
  lines.push(`${count('verified')} verified, ${count('changed')} changed, ${count('missing')} missing.`);
  return `${lines.join('\n')}\n`;
}

function statusDetail(view: ArchiveEntryView): string {
  if (view.problem !== null) {
    return `: ${view.problem}`;
  }
  switch (view.status) {
    case 'changed':
      return ': its content has changed since it was saved (the SHA-256 differs). Do not rely on it; download the record again.';
    case 'missing':
      return ': not found. It may have been moved or deleted; use "Locate…" in the app to point at its new place.';
    default:
      return tags(view.entry, view.reviewDue).map((tag) => `  ${tag}`).join('');
  }
}

function tags(entry: ArchiveEntry, reviewDue: boolean): string[] {
  return [...(reviewDue ? ['[review due]'] : []), ...(entry.manifestVerified === false ? ['[does not match its manifest]'] : [])];
}

/** What "Add a ZIP…" found. */
export function describeImport({ entry, listing, alreadyArchived }: ArchiveImport): string {
  const lines = [
    `${alreadyArchived ? 'Already in the archive' : 'Added to the archive'}: ${entry.path} (id ${entry.id})`,
    `${entry.nhsNumber === null ? 'NHS number unknown' : `NHS ${entry.nhsNumber}`}, ${listing.entries.length} documents, ${megabytes(entry.bytes)}, SHA-256 ${entry.sha256}`,
    ...describeManifestCheck(listing),
    ...withHeading(
      'Could not be read:',
      listing.entries.flatMap((document) => (document.problem === null ? [] : [`  ${document.name}: ${document.problem}`])),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function describeManifestCheck(listing: ZipListing): string[] {
  if (listing.manifest === null) {
    return [listing.manifestProblem ?? 'This ZIP has no manifest from this app, so its documents cannot be checked against one.'];
  }
  if (listing.manifest.verified) {
    return [`All ${listing.entries.length} documents match the SHA-256 values in the ZIP's manifest.`];
  }
  const named = (check: string) => listing.entries.filter((entry) => entry.check === check).map((entry) => `  ${entry.name}`);
  return [
    'The ZIP does not match its manifest: it may have been changed after it was saved.',
    ...withHeading('Different from the manifest:', named('differs')),
    ...withHeading('Not listed in the manifest:', named('not-in-manifest')),
    ...withHeading('Listed in the manifest but not in the ZIP:', listing.manifest.absentEntries.map((name) => `  ${name}`)),
  ];
}

function withHeading(heading: string, lines: ReadonlyArray<string>): string[] {
  return lines.length === 0 ? [] : [heading, ...lines];
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
