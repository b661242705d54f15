/** The kinds of file the sandbox can generate as real bytes. */
export type SampleKind = 'pdf' | 'png' | 'jpeg';

/** One synthetic document; only the fields that differ from an ordinary, clean, uploaded document are set. */
export interface SyntheticDocument {
  readonly fileName: string;
  readonly kind: SampleKind;
  /** Days before the seed date; decides Created and Indexed, and so the newest-first order. */
  readonly ageDays: number;
  readonly deleted?: true;
  /** `false` writes DocumentUploaded false; `'absent'` leaves the attribute out. */
  readonly uploaded?: false | 'absent';
  /** A scan value other than Clean, or `'absent'` to leave the attribute out. */
  readonly virusScanResult?: string;
  /** Attributes to leave out of the item, as older rows did. */
  readonly omit?: ReadonlyArray<'ContentType' | 'Created' | 'Indexed' | 'Type'>;
  /** The metadata row exists but its S3 object was never stored. */
  readonly objectMissing?: true;
}

/** A synthetic patient and what it demonstrates (listed in README). */
export interface SyntheticPatient {
  readonly nhsNumber: string;
  readonly label: string;
  readonly demonstrates: string;
  readonly documents: ReadonlyArray<SyntheticDocument>;
}

const ordinaryRecord: ReadonlyArray<SyntheticDocument> = [
  { fileName: 'GP summary 2024.pdf', kind: 'pdf', ageDays: 30 },
  { fileName: 'Discharge letter – Royal Infirmary.pdf', kind: 'pdf', ageDays: 95 },
  { fileName: 'Blood test results (full panel).pdf', kind: 'pdf', ageDays: 120 },
  { fileName: 'Lettre de l’hôpital – Zoë Müller.pdf', kind: 'pdf', ageDays: 180 },
  { fileName: 'Chest X-ray.jpeg', kind: 'jpeg', ageDays: 200 },
  { fileName: 'Skin lesion photo 1.jpg', kind: 'jpeg', ageDays: 210 },
  { fileName: 'ECG trace.png', kind: 'png', ageDays: 240 },
  { fileName: 'Vaccination record.pdf', kind: 'pdf', ageDays: 365 },
  { fileName: 'Referral to Cardiología.pdf', kind: 'pdf', ageDays: 400 },
  { fileName: 'Scanned Lloyd George card p1.png', kind: 'png', ageDays: 900 },
  { fileName: 'Scanned Lloyd George card p2.png', kind: 'png', ageDays: 900 },
  { fileName: 'Mental health assessment – Þórunn Ægisdóttir.pdf', kind: 'pdf', ageDays: 1200 },
];

const duplicateNames: ReadonlyArray<SyntheticDocument> = [
  { fileName: 'Scan.pdf', kind: 'pdf', ageDays: 10 },
  { fileName: 'Scan.pdf', kind: 'pdf', ageDays: 20 },
  { fileName: 'scan.PDF', kind: 'pdf', ageDays: 30 },
  { fileName: 'Scan(1).pdf', kind: 'pdf', ageDays: 40 },
  { fileName: 'so.me-file-name.txt.pdf', kind: 'pdf', ageDays: 50 },
  { fileName: 'so.me-file-name.txt.pdf', kind: 'pdf', ageDays: 60 },
  { fileName: 'manifest.json', kind: 'pdf', ageDays: 70 },
  { fileName: 'CON.pdf', kind: 'pdf', ageDays: 80 },
  { fileName: 'results: March/April?.pdf', kind: 'pdf', ageDays: 90 },
  { fileName: '../../escape attempt.png', kind: 'png', ageDays: 100 },
  { fileName: 'Photo.jpeg', kind: 'jpeg', ageDays: 110 },
  { fileName: 'Photo.jpeg', kind: 'jpeg', ageDays: 120 },
];

const LARGE_RECORD_SIZE = 1_500;
const largeRecord: ReadonlyArray<SyntheticDocument> = Array.from({ length: LARGE_RECORD_SIZE }, (_, index) => ({
  fileName: `Continuation sheet ${String(index + 1).padStart(4, '0')}.pdf`,
  kind: 'pdf' as const,
  ageDays: 1 + Math.floor(index / 3),
  // Every 50th document is soft-deleted so even the paginated record exercises the filter.
  ...(index % 50 === 49 ? { deleted: true as const } : {}),
}));

const mixedEligibility: ReadonlyArray<SyntheticDocument> = [
  { fileName: 'Clinic letter.pdf', kind: 'pdf', ageDays: 5 },
  { fileName: 'Wound photo.png', kind: 'png', ageDays: 6 },
  { fileName: 'Deleted consent form.pdf', kind: 'pdf', ageDays: 7, deleted: true },
  { fileName: 'Upload still in progress.pdf', kind: 'pdf', ageDays: 1, uploaded: false },
  { fileName: 'Upload never confirmed.pdf', kind: 'pdf', ageDays: 2, uploaded: 'absent' },
  { fileName: 'Infected attachment.pdf', kind: 'pdf', ageDays: 8, virusScanResult: 'Infected' },
  { fileName: 'Awaiting scan.pdf', kind: 'pdf', ageDays: 9, virusScanResult: 'Not Scanned' },
  { fileName: 'Suspicious macro.pdf', kind: 'pdf', ageDays: 10, virusScanResult: 'Suspicious' },
  { fileName: 'Scanner error.jpeg', kind: 'jpeg', ageDays: 11, virusScanResult: 'Error' },
  { fileName: 'Encrypted archive.pdf', kind: 'pdf', ageDays: 12, virusScanResult: 'Unscannable' },
  { fileName: 'Never scanned.pdf', kind: 'pdf', ageDays: 13, virusScanResult: 'absent' },
  { fileName: 'Lost in storage.pdf', kind: 'pdf', ageDays: 14, objectMissing: true },
];

const missingAttributes: ReadonlyArray<SyntheticDocument> = [
  { fileName: 'Complete record.pdf', kind: 'pdf', ageDays: 3 },
  { fileName: 'No content type.pdf', kind: 'pdf', ageDays: 4, omit: ['ContentType'] },
  { fileName: 'No created date.png', kind: 'png', ageDays: 5, omit: ['Created'] },
  { fileName: 'No indexed date.pdf', kind: 'pdf', ageDays: 6, omit: ['Indexed'] },
  { fileName: 'No document type.jpeg', kind: 'jpeg', ageDays: 7, omit: ['Type'] },
  { fileName: 'Bare minimum.pdf', kind: 'pdf', ageDays: 8, omit: ['ContentType', 'Created', 'Indexed', 'Type'] },
];

/** The sandbox's patients; every NHS number is a valid Modulus-11 number from the 999 test range. */
export const SYNTHETIC_PATIENTS: ReadonlyArray<SyntheticPatient> = [
  {
    nhsNumber: '9990000018',
    label: 'Ordinary record',
    demonstrates: '12 PDFs and images with realistic names, spaces and non-ASCII letters; all available',
    documents: ordinaryRecord,
  },
  {
    nhsNumber: '9990000026',
    label: 'Awkward file names',
    demonstrates:
      'duplicate names (also differing only in case), a real "Scan(1).pdf", a document called manifest.json, a Windows reserved name, path separators and characters Windows forbids',
    documents: duplicateNames,
  },
  {
    nhsNumber: '9990000034',
    label: 'Large record',
    demonstrates: '1,500 documents, so search and download read many DynamoDB pages; every 50th is soft-deleted (1,470 listed)',
    documents: largeRecord,
  },
  {
    nhsNumber: '9990000042',
    label: 'Mixed eligibility',
    demonstrates:
      'soft-deleted, not yet uploaded (false and absent), every non-Clean scan value, no scan value, and one document whose file is missing from storage',
    documents: mixedEligibility,
  },
  {
    nhsNumber: '9990000050',
    label: 'Older rows',
    demonstrates: 'items without ContentType, Created, Indexed or Type, as older rows lacked them',
    documents: missingAttributes,
  },
  {
    nhsNumber: '9990000069',
    label: 'No documents',
    demonstrates: 'a patient with no stored documents',
    documents: [],
  },
];
