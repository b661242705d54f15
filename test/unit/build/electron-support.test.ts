// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ElectronSupportTable, electronSupport } from '../../../scripts/electron-support.js';
import { PROJECT_ROOT } from '../../support/run-script.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
let table: ElectronSupportTable;
let electronVersion: string;

beforeAll(async () => {
  table = JSON.parse(await readFile(join(PROJECT_ROOT, 'docs', 'electron-support.json'), 'utf8')) as ElectronSupportTable;
  const packageJson = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  electronVersion = packageJson.devDependencies.electron ?? '';
});

describe('the Electron the app is built with', () => {
  // Fails in CI on the first day after the end of support: the app must not ship an Electron without security fixes.
  it('still gets security fixes today', () => {
    const support = electronSupport(electronVersion, table, new Date());
    expect(support, JSON.stringify(support)).toMatchObject({ supported: true });
  });
});

describe('docs/electron-support.json', () => {
  it('dates every major as YYYY-MM-DD, support ending after its stable release, with a basis it explains', () => {
    const explained = Object.keys((table as unknown as { basis: Record<string, string> }).basis);
    for (const [major, row] of Object.entries(table.majors)) {
      expect(row.stable, major).toMatch(DATE);
      expect(row.endOfSupport, major).toMatch(DATE);
      expect(row.endOfSupport > row.stable, major).toBe(true);
      expect(explained, major).toContain(row.basis);
    }
  });

  it('ends each major\'s support the day the third major after it goes stable, as Electron\'s policy says', () => {
    for (const [major, row] of Object.entries(table.majors)) {
      const third = table.majors[String(Number(major) + 3)];
      if (third !== undefined) {
        expect(row.endOfSupport, major).toBe(third.stable);
      }
    }
  });
});

describe('electronSupport', () => {
  const TABLE: ElectronSupportTable = { majors: { '45': { stable: '2026-10-20', endOfSupport: '2027-04-06', basis: 'derived' } } };

  it('is supported up to and including the end-of-support day, with the days left', () => {
    expect(electronSupport('45.5.0', TABLE, new Date('2026-12-03T10:00:00Z'))).toEqual({ supported: true, major: 45, endOfSupport: '2027-04-06', daysLeft: 124 });
    expect(electronSupport('45.5.0', TABLE, new Date('2027-04-06T23:59:59Z'))).toMatchObject({ supported: true, daysLeft: 0 });
  });

  it('is not supported from the day after, saying so and what to do', () => {
    expect(electronSupport('45.5.0', TABLE, new Date('2027-04-07T00:00:00Z'))).toEqual({
      supported: false,
      reason: 'Electron 45 (45.5.0) stopped getting security fixes on 2027-04-06: upgrade to a supported major.',
    });
  });

  it('refuses a major the table does not list, so an upgrade brings its row', () => {
    expect(electronSupport('46.0.0', TABLE, new Date('2026-12-03T00:00:00Z'))).toMatchObject({
      supported: false,
      reason: expect.stringContaining('Electron 46 is not in docs/electron-support.json'),
    });
  });

  it('reads a range prefix, and refuses what is not a version or a date', () => {
    expect(electronSupport('^45.5.0', TABLE, new Date('2026-12-03T00:00:00Z'))).toMatchObject({ supported: true, major: 45 });
    expect(electronSupport('latest', TABLE, new Date('2026-12-03T00:00:00Z'))).toMatchObject({ supported: false });
    const undated: ElectronSupportTable = { majors: { '45': { stable: '2026-10-20', endOfSupport: 'spring 2027', basis: 'derived' } } };
    expect(electronSupport('45.5.0', undated, new Date('2026-12-03T00:00:00Z'))).toMatchObject({ supported: false, reason: expect.stringContaining('"spring 2027"') });
  });
});
