/** Whether an Electron version still gets security fixes, by the dated table in docs/electron-support.json. */

export interface ElectronSupportTable {
  readonly majors: Readonly<Record<string, { readonly stable: string; readonly endOfSupport: string; readonly basis: string }>>;
}

export type ElectronSupport =
  | { readonly supported: true; readonly major: number; readonly endOfSupport: string; readonly daysLeft: number }
  | { readonly supported: false; readonly reason: string };

const DAY_MS = 86_400_000;

/**
 * The support of `version` (package.json's `electron`, e.g. "45.5.0") on `today`: supported up to and including its
 * end-of-support date (a UTC calendar day), not supported from the day after or when the table lacks its major.
 */
export function electronSupport(version: string, table: ElectronSupportTable, today: Date): ElectronSupport {
  const major = /^[\^~=v]*(\d+)\./.exec(version.trim())?.[1];
  if (major === undefined) {
    return { supported: false, reason: `"${version}" is not an Electron version this check can read (use an exact version such as 45.5.0).` };
  }
  const row = table.majors[major];
  if (row === undefined) {
    return { supported: false, reason: `Electron ${major} is not in docs/electron-support.json: add its end-of-support date from Electron's timeline.` };
  }
  const end = Date.parse(`${row.endOfSupport}T00:00:00Z`);
  if (Number.isNaN(end)) {
    return { supported: false, reason: `docs/electron-support.json gives Electron ${major} the end-of-support date "${row.endOfSupport}", which is not a YYYY-MM-DD date.` };
  }
  const daysLeft = Math.floor((end - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / DAY_MS);
  if (daysLeft < 0) {
    return {
      supported: false,
      reason: `Electron ${major} (${version}) stopped getting security fixes on ${row.endOfSupport}: upgrade to a supported major.`,
    };
  }
  return { supported: true, major: Number(major), endOfSupport: row.endOfSupport, daysLeft };
}
