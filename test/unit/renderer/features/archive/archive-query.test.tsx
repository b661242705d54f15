import { describe, expect, it } from 'vitest';
import type { ArchiveEntryView } from '../../../../../common/archive.js';
import { INITIAL_ARCHIVE_QUERY, findArchived, sortArchiveBy } from '../../../../../renderer/src/features/archive/archive-query.js';
import { archiveEntryView } from '../../support/fixtures.js';

const A = archiveEntryView({ id: 'a', nhsNumber: '9434765919', savedAt: '2026-11-27T21:45:00', path: 'C:\\Records\\Smith letters.zip' }, { status: 'verified' });
const B = archiveEntryView({ id: 'b', nhsNumber: '9876543210', savedAt: '2026-03-02T10:15:00', path: '/records/9876543210.zip' }, { status: 'changed' });
const C = archiveEntryView({ id: 'c', nhsNumber: null, savedAt: '2026-05-01T08:00:00', path: '/shared/old.zip' });
const D = archiveEntryView({ id: 'd', nhsNumber: '9434765919', savedAt: '2026-11-27T21:45:00', path: '/records/again.zip' }, { status: 'missing' });

const ids = (views: ReadonlyArray<ArchiveEntryView>) => views.map((view) => view.entry.id);

describe('finding saved records', () => {
  it('matches part of an NHS number with or without spaces, or part of the file name in any case', () => {
    expect(ids(findArchived([A, B, C, D], { ...INITIAL_ARCHIVE_QUERY, text: ' 943 476 ' }))).toEqual(['a', 'd']);
    expect(ids(findArchived([A, B, C, D], { ...INITIAL_ARCHIVE_QUERY, text: 'smith' }))).toEqual(['a']);
    expect(ids(findArchived([A, B, C, D], { ...INITIAL_ARCHIVE_QUERY, text: '98765' }))).toEqual(['b']);
    expect(ids(findArchived([A, B, C, D], { ...INITIAL_ARCHIVE_QUERY, text: '' }))).toEqual(['a', 'd', 'c', 'b']);
  });

  it('sorts newest first at the start, keeps ties in the order main gave, and turns round on a second choice', () => {
    const patient = sortArchiveBy(INITIAL_ARCHIVE_QUERY, 'patient');
    expect(patient.sort).toEqual({ column: 'patient', direction: 'ascending' });
    expect(ids(findArchived([A, B, C, D], patient))).toEqual(['a', 'd', 'b', 'c']);
    expect(sortArchiveBy(patient, 'patient').sort.direction).toBe('descending');
    expect(ids(findArchived([A, B, C, D], sortArchiveBy(INITIAL_ARCHIVE_QUERY, 'status')))).toEqual(['b', 'd', 'c', 'a']);
    expect(sortArchiveBy(INITIAL_ARCHIVE_QUERY, 'savedAt').sort.direction).toBe('ascending');
  });
});

describe('finding and sorting by who', () => {
  const alex = { name: 'Alex Morgan', roleName: 'GP Practice Administrator', orgName: 'Riverside', odsCode: 'A81001' };
  const sam = { name: 'Sam Taylor', roleName: 'GP Practice Administrator', orgName: 'Hillview', odsCode: 'B82002' };
  const byAlex = archiveEntryView({ id: 'alex', patientName: 'Amelia HARTLEY', savedBy: alex, path: '/r/1.zip' });
  const bySam = archiveEntryView({ id: 'sam', patientName: 'Zoë MÜLLER', savedBy: sam, path: '/r/2.zip' });
  const nobody = archiveEntryView({ id: 'nobody', path: '/r/3.zip' });

  it("finds a record by the patient's name or by who saved it", () => {
    expect(ids(findArchived([byAlex, bySam, nobody], { ...INITIAL_ARCHIVE_QUERY, text: 'hartley' }))).toEqual(['alex']);
    expect(ids(findArchived([byAlex, bySam, nobody], { ...INITIAL_ARCHIVE_QUERY, text: 'sam tay' }))).toEqual(['sam']);
  });

  it('sorts by who saved it, A to Z, with records nobody is named for last', () => {
    const sorted = findArchived([nobody, bySam, byAlex], sortArchiveBy(INITIAL_ARCHIVE_QUERY, 'savedBy'));
    expect(ids(sorted)).toEqual(['alex', 'sam', 'nobody']);
  });
});
