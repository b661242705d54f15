/**
 * The sandbox people the CLI tests sign in as (main/sandbox/identity/sandbox-people.ts), and who may see and download
 * each seeded patient's record (main/sandbox/identity/pds-patients.ts: where each is registered).
 */
export const SANDBOX_USERS = {
  riversideAdmin: '555000000001',
  riversideClinician: '555000000002',
  hillviewAdmin: '555000000003',
  pcse: '555000000005',
  twoRoles: '555000000006',
  noRecognisedRole: '555000000007',
} as const;

/** Registered at Riverside: 0018, 0026, 0069 (restricted); at Hillview: 0034; no GP: 0042; deceased: 0050. */
const WHO_MAY_DOWNLOAD: Readonly<Record<string, string>> = {
  '9990000018': SANDBOX_USERS.riversideAdmin,
  '9990000026': SANDBOX_USERS.riversideAdmin,
  '9990000069': SANDBOX_USERS.riversideAdmin,
  '9990000034': SANDBOX_USERS.hillviewAdmin,
  '9990000042': SANDBOX_USERS.pcse,
  '9990000050': SANDBOX_USERS.pcse,
};

/** DOCSTORE_SANDBOX_USER for someone whose role lets them search and download this patient's record. */
export function asWhoMayDownload(nhsNumber: string | undefined): Record<string, string> {
  const digits = nhsNumber?.replace(/\D/g, '') ?? '';
  return { DOCSTORE_SANDBOX_USER: WHO_MAY_DOWNLOAD[digits] ?? SANDBOX_USERS.riversideAdmin };
}
