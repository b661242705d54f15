import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  assignEntryNames,
  DEFAULT_RESERVED_NAMES,
  MAX_ENTRY_NAME_LENGTH,
  maxEntryNameLengthFor,
  MIN_ENTRY_NAME_BUDGET,
  sanitiseEntryName,
  WINDOWS_MAX_PATH_LENGTH,
} from '../../../main/download/entry-names';

const DEVICE_WORDS: readonly string[] = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³'].flatMap((digit) => [
    `COM${digit}`,
    `LPT${digit}`,
  ]),
];

// Bidirectional marks, embeddings, overrides and isolates are replaced too: they make a name read as another.
const FORBIDDEN = /[<>:"|?*\\/\u0000-\u001F\u007F\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
const REPLACED = /[<>:"|?*\\/\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cc}|\p{Cs}/gu;
const DEVICE_SEGMENT = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$/iu;

function codePointLength(text: string): number {
  return Array.from(text).length;
}

function isDeviceName(name: string): boolean {
  const firstSegment = name.split('.')[0] ?? '';
  return DEVICE_SEGMENT.test(firstSegment.trimEnd());
}

function expectSafeForWindows(name: string): void {
  expect(name).not.toBe('');
  expect(codePointLength(name)).toBeLessThanOrEqual(MAX_ENTRY_NAME_LENGTH);
  expect(name).not.toMatch(FORBIDDEN);
  expect(name).not.toMatch(/[\s.]$/u);
  expect(name).not.toMatch(/^\s/u);
  expect(isDeviceName(name)).toBe(false);
  expect(name.normalize('NFC')).toBe(name);
}

// Either case fold counts as a clash, e.g. "ſ.pdf" and "s.pdf" both upper-case to "S.PDF".
function caseKeys(name: string): readonly string[] {
  return [`lower:${name.toLowerCase()}`, `upper:${name.toUpperCase()}`];
}

function expectUniqueIgnoringCase(names: readonly string[]): void {
  expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  expect(new Set(names.map((name) => name.toUpperCase())).size).toBe(names.length);
}

/** The name as the sanitiser reads it: trimmed, NFC, each forbidden character and separator replaced by '-'. */
function withReplacements(fileName: string): string {
  return fileName.normalize('NFC').trimStart().replace(/[\s.]+$/u, '').replace(REPLACED, '-');
}

function extensionOf(fileName: string): string {
  return /\.[A-Za-z0-9]{1,10}$/u.exec(withReplacements(fileName))?.[0] ?? '';
}

function isSubsequence(text: string, of: string): boolean {
  const source = Array.from(of);
  let position = 0;
  return Array.from(text).every((character) => {
    position = source.indexOf(character, position) + 1;
    return position > 0;
  });
}

// The only characters a sanitised name may gain: the marker after a device word, and the fallback stem.
function keptFrom(entryName: string, fileName: string): boolean {
  const unmarked = entryName.replace(/^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])_(?=\.|$)/iu, '$1');
  const source = withReplacements(fileName);
  return isSubsequence(unmarked, source) || isSubsequence(unmarked.replace(/^document/u, ''), source);
}

describe('sanitiseEntryName', () => {
  describe('Windows reserved device names', () => {
    it.each(DEVICE_WORDS)('makes %s safe in any case and with any extensions', (device) => {
      expect(sanitiseEntryName(device)).toBe(`${device}_`);
      expect(sanitiseEntryName(device.toLowerCase())).toBe(`${device.toLowerCase()}_`);
      expect(sanitiseEntryName(`${device}.pdf`)).toBe(`${device}_.pdf`);
      expect(sanitiseEntryName(`${device}.tar.gz`)).toBe(`${device}_.tar.gz`);
      expect(sanitiseEntryName(`${device}.not an extension`)).toBe(`${device}_.not an extension`);
    });

    it('replaces a right-to-left override, so "invoice\u202Efdp.exe" cannot pose as a PDF', () => {
      expect(sanitiseEntryName('invoice\u202Efdp.exe')).toBe('invoice-fdp.exe');
    });

    it('handles the examples from the specification', () => {
      expect(sanitiseEntryName('CON.pdf')).toBe('CON_.pdf');
      expect(sanitiseEntryName('nul')).toBe('nul_');
      expect(sanitiseEntryName('LPT¹.tar.gz')).toBe('LPT¹_.tar.gz');
      expect(sanitiseEntryName('cOm³.Txt')).toBe('cOm³_.Txt');
    });

    it('treats a device word followed by spaces before the dot as the device', () => {
      expect(sanitiseEntryName('NUL .txt')).toBe('NUL_.txt');
      expect(sanitiseEntryName('aux   .pdf')).toBe('aux_.pdf');
    });

    it.each(['CONSOLE.pdf', 'COM10.txt', 'xCON.pdf', 'LPT.pdf', 'COM⁴.pdf', 'CON_.pdf', 'report.CON'])(
      'leaves the look-alike %s unchanged',
      (name) => {
        expect(sanitiseEntryName(name)).toBe(name);
      },
    );
  });

  describe('trailing dots and whitespace', () => {
    it.each([
      ['report.pdf. . .', 'report.pdf'],
      ['  report.pdf  ', 'report.pdf'],
      ['notes...', 'notes'],
      ['\tscan.pdf\n', 'scan.pdf'],
      ['letter .', 'letter'],
    ])('turns %j into %j', (input, expected) => {
      expect(sanitiseEntryName(input)).toBe(expected);
    });
  });

  describe('path separators and dot names', () => {
    it('keeps the words either side of a separator or forbidden character', () => {
      expect(sanitiseEntryName('results: March/April?.pdf')).toBe('results- March-April-.pdf');
      expect(sanitiseEntryName('Discharge summary 12/03/2021.pdf')).toBe('Discharge summary 12-03-2021.pdf');
    });

    it.each([
      ['folder/sub/report.pdf', 'folder-sub-report.pdf'],
      ['C:\\Users\\gp\\scan.tif', 'C--Users-gp-scan.tif'],
      ['../../etc/passwd', '..-..-etc-passwd'],
      ['..\\..\\Windows\\win.ini', '..-..-Windows-win.ini'],
      ['report.pdf/', 'report.pdf-'],
      ['.', 'document'],
      ['..', 'document'],
      ['...', 'document'],
      ['foo/..', 'foo-'],
      ['/', '-'],
      ['a/ . /', 'a- . -'],
    ])('turns %j into %j', (input, expected) => {
      expect(sanitiseEntryName(input)).toBe(expected);
    });
  });

  describe('forbidden and control characters', () => {
    it('replaces each Windows-forbidden character with a hyphen', () => {
      expect(sanitiseEntryName('a<b>c:d"e|f?g*h.pdf')).toBe('a-b-c-d-e-f-g-h.pdf');
    });

    it('replaces control characters, including DEL', () => {
      expect(sanitiseEntryName('a\u0000b\u0001c\u001Fd\u007Fe.txt')).toBe('a-b-c-d-e.txt');
    });

    it('replaces lone surrogates, which cannot be encoded in UTF-8', () => {
      expect(sanitiseEntryName('\uD800x\uDC00.pdf')).toBe('-x-.pdf');
    });

    it('keeps ordinary unicode, emoji and punctuation', () => {
      expect(sanitiseEntryName('Résumé – 😀 (final) [v2] #1.pdf')).toBe('Résumé – 😀 (final) [v2] #1.pdf');
    });
  });

  describe('unicode normalisation', () => {
    it('turns NFD input into NFC output', () => {
      const decomposed = 'Cafe\u0301 Zu\u0308rich.pdf';
      expect(sanitiseEntryName(decomposed)).toBe('Caf\u00E9 Z\u00FCrich.pdf');
    });
  });

  describe('empty results', () => {
    it.each([
      ['', 'document'],
      ['   ', 'document'],
      ['...', 'document'],
      ['.pdf', 'document.pdf'],
      ['  .PDF', 'document.PDF'],
      ['..pdf', 'document.pdf'],
      ['. .docx', 'document.docx'],
    ])('turns %j into %j', (input, expected) => {
      expect(sanitiseEntryName(input)).toBe(expected);
    });
  });

  describe('length cap', () => {
    it('trims the stem and keeps the extension', () => {
      const result = sanitiseEntryName(`${'a'.repeat(500)}.pdf`);
      expect(result).toBe(`${'a'.repeat(146)}.pdf`);
      expect(codePointLength(result)).toBe(MAX_ENTRY_NAME_LENGTH);
    });

    it('keeps a ten-character extension', () => {
      expect(sanitiseEntryName(`${'a'.repeat(200)}.abcdefghij`)).toBe(`${'a'.repeat(139)}.abcdefghij`);
    });

    it('does not treat an over-long or non-alphanumeric suffix as an extension', () => {
      expect(sanitiseEntryName(`${'a'.repeat(200)}.abcdefghijk`)).toBe('a'.repeat(150));
      expect(sanitiseEntryName(`${'a'.repeat(200)}.p-d`)).toBe('a'.repeat(150));
    });

    it('leaves a name of exactly the cap alone', () => {
      const name = `${'a'.repeat(146)}.pdf`;
      expect(sanitiseEntryName(name)).toBe(name);
    });

    it('counts emoji as one character and never splits a surrogate pair', () => {
      const result = sanitiseEntryName(`${'a'.repeat(145)}${'😀'.repeat(3)}.pdf`);
      expect(result).toBe(`${'a'.repeat(145)}😀.pdf`);
      expect(codePointLength(result)).toBe(MAX_ENTRY_NAME_LENGTH);
      expect(result).not.toMatch(/\p{Cs}/u);
    });

    it('drops a multi-code-point emoji that does not fit rather than cutting it in half', () => {
      expect(sanitiseEntryName(`${'a'.repeat(145)}🇬🇧.pdf`)).toBe(`${'a'.repeat(145)}.pdf`);
      expect(sanitiseEntryName(`${'a'.repeat(142)}👨‍👩‍👧.pdf`)).toBe(`${'a'.repeat(142)}.pdf`);
    });

    it('cuts a single over-long grapheme by code points instead of losing the whole name', () => {
      const result = sanitiseEntryName(`e${'\u0301'.repeat(300)}`);
      expect(codePointLength(result)).toBe(MAX_ENTRY_NAME_LENGTH);
      expect(result.startsWith('\u00E9')).toBe(true);
    });

    it('does not leave a trailing space or dot where the stem was cut', () => {
      expect(sanitiseEntryName(`${'a'.repeat(148)}  b`)).toBe('a'.repeat(148));
      expect(sanitiseEntryName(`${'a'.repeat(144)}. . b.pdf`)).toBe(`${'a'.repeat(144)}.pdf`);
    });

    it('does not reveal a device name when the cut leaves only the device word', () => {
      expect(sanitiseEntryName(`CON${' '.repeat(200)}x`)).toBe('CON_');
    });
  });

  describe('name budget', () => {
    it('trims the stem to the budget and keeps the extension', () => {
      expect(sanitiseEntryName(`${'a'.repeat(100)}.pdf`, 40)).toBe(`${'a'.repeat(36)}.pdf`);
    });

    it('counts UTF-16 code units, as Windows counts a path', () => {
      expect(sanitiseEntryName(`${'😀'.repeat(30)}.pdf`, 40)).toBe(`${'😀'.repeat(18)}.pdf`);
    });

    it('still applies the 150-character cap when the budget is larger', () => {
      expect(sanitiseEntryName(`${'a'.repeat(500)}.pdf`, 400)).toBe(`${'a'.repeat(146)}.pdf`);
    });

    it('raises a budget too small for a readable name to the minimum', () => {
      expect(MIN_ENTRY_NAME_BUDGET).toBe(26);
      expect(sanitiseEntryName(`${'a'.repeat(100)}.abcdefghij`, 5)).toBe(`${'a'.repeat(15)}.abcdefghij`);
      expect(sanitiseEntryName('.abcdefghij', 0)).toBe('document.abcdefghij');
    });
  });

  it('is idempotent on the examples', () => {
    for (const name of ['CON.pdf', 'report.pdf. .', `${'a'.repeat(500)}.pdf`, '.pdf', 'a<b>.pdf']) {
      const once = sanitiseEntryName(name);
      expect(sanitiseEntryName(once)).toBe(once);
    }
  });
});

describe('assignEntryNames', () => {
  it('numbers duplicates as the original system did', () => {
    expect(assignEntryNames(['so.me-file-name.txt', 'so.me-file-name.txt'])).toEqual([
      'so.me-file-name.txt',
      'so.me-file-name(1).txt',
    ]);
    expect(assignEntryNames(['name', 'name', 'name'])).toEqual(['name', 'name(1)', 'name(2)']);
  });

  it('counts separately for each name', () => {
    expect(assignEntryNames(['a.pdf', 'b.pdf', 'a.pdf', 'b.pdf', 'a.pdf'])).toEqual([
      'a.pdf',
      'b.pdf',
      'a(1).pdf',
      'b(1).pdf',
      'a(2).pdf',
    ]);
  });

  it('never gives a generated name to a later real document', () => {
    expect(assignEntryNames(['x.pdf', 'x.pdf', 'x(1).pdf'])).toEqual(['x.pdf', 'x(2).pdf', 'x(1).pdf']);
  });

  it('skips generated names that are already real names earlier in the list', () => {
    expect(assignEntryNames(['x(1).pdf', 'x.pdf', 'x.pdf'])).toEqual(['x(1).pdf', 'x.pdf', 'x(2).pdf']);
  });

  it('treats names differing only in case as duplicates', () => {
    expect(assignEntryNames(['Report.PDF', 'report.pdf', 'REPORT.pdf'])).toEqual([
      'Report.PDF',
      'report(1).pdf',
      'REPORT(2).pdf',
    ]);
  });

  it('treats names that match under either case fold as duplicates', () => {
    expect(assignEntryNames(['s.pdf', 'ſ.pdf'])).toEqual(['s.pdf', 'ſ(1).pdf']);
  });

  it('treats NFD and NFC spellings as duplicates', () => {
    expect(assignEntryNames(['Cafe\u0301.pdf', 'Caf\u00E9.pdf'])).toEqual(['Caf\u00E9.pdf', 'Caf\u00E9(1).pdf']);
  });

  it('deduplicates after sanitising', () => {
    expect(assignEntryNames(['a:b.pdf', 'a?b.pdf', 'a/b.pdf', 'a\\b.pdf. '])).toEqual([
      'a-b.pdf',
      'a-b(1).pdf',
      'a-b(2).pdf',
      'a-b(3).pdf',
    ]);
    expect(assignEntryNames(['', '...', '.pdf', 'document.pdf'])).toEqual([
      'document',
      'document(1)',
      'document.pdf',
      'document(1).pdf',
    ]);
  });

  it('renames a document called manifest.json, in any case', () => {
    expect(DEFAULT_RESERVED_NAMES).toEqual(['manifest.json']);
    expect(assignEntryNames(['manifest.json'])).toEqual(['manifest(1).json']);
    expect(assignEntryNames(['MANIFEST.JSON', 'manifest.json'])).toEqual(['MANIFEST(1).JSON', 'manifest(2).json']);
  });

  it('uses the given reserved names instead of the default', () => {
    expect(assignEntryNames(['manifest.json', 'index.html'], { reservedNames: ['index.html'] })).toEqual([
      'manifest.json',
      'index(1).html',
    ]);
    expect(assignEntryNames(['a.pdf', 'a.pdf'], { reservedNames: ['a(1).pdf'] })).toEqual(['a.pdf', 'a(2).pdf']);
  });

  it('keeps the length cap when adding a suffix', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    const [first, second] = assignEntryNames([long, long]);
    expect(first).toBe(`${'a'.repeat(146)}.pdf`);
    expect(second).toBe(`${'a'.repeat(143)}(1).pdf`);
  });

  it('keeps the budget, the counter and the extension when adding a suffix', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    expect(assignEntryNames([long, long, long], { maxNameLength: 40 })).toEqual([
      `${'a'.repeat(36)}.pdf`,
      `${'a'.repeat(33)}(1).pdf`,
      `${'a'.repeat(33)}(2).pdf`,
    ]);
  });

  it('numbers names that only the budget made the same', () => {
    expect(assignEntryNames([`${'a'.repeat(40)}x.pdf`, `${'a'.repeat(40)}y.pdf`], { maxNameLength: 30 })).toEqual([
      `${'a'.repeat(26)}.pdf`,
      `${'a'.repeat(23)}(1).pdf`,
    ]);
  });

  it('keeps device names safe when adding a suffix', () => {
    expect(assignEntryNames(['CON.pdf', 'con.pdf', 'Con'])).toEqual(['CON_.pdf', 'con_(1).pdf', 'Con_']);
  });

  it('returns the same number of names in the same order', () => {
    expect(assignEntryNames([])).toEqual([]);
    expect(assignEntryNames(['b.pdf', 'a.pdf'])).toEqual(['b.pdf', 'a.pdf']);
  });
});

describe('maxEntryNameLengthFor', () => {
  it('leaves room for the folder Explorer extracts into, named after the ZIP', () => {
    const zipPath = 'C:\\Users\\gp\\Downloads\\patient-record-9990000026.zip';
    // "C:\Users\gp\Downloads\patient-record-9990000026" is 47 characters, then a separator.
    expect(maxEntryNameLengthFor(zipPath)).toBe(211);
    expect(maxEntryNameLengthFor(zipPath.replace('.zip', '(1).zip'))).toBe(208);
  });
});

describe('properties', () => {
  const nastySamples = fc.constantFrom(
    '',
    '.',
    '..',
    '...',
    ' ',
    ' . ',
    'CON',
    'con.txt',
    'NUL .pdf',
    'LPT¹.tar.gz',
    'COM³',
    'manifest.json',
    'MANIFEST.JSON',
    '../../x',
    'a\\b',
    '<>:"|?*',
    '\u0000',
    '\u007F',
    'e\u0301',
    '😀',
    '🇬🇧',
    '👨‍👩‍👧',
    '\uD800',
    '\uDC00',
    'x(1).pdf',
    'x.pdf',
    'x.PDF',
    '\u212A.pdf',
    'k.pdf',
    'ſ.pdf',
    's.pdf',
    'ß',
    'SS',
    'İ',
    'a'.repeat(149),
    `${'a'.repeat(200)}.pdf`,
    `${'😀'.repeat(160)}.pdf`,
  );
  const nastyPiece = fc.oneof(
    nastySamples,
    fc.constantFrom('.', ' ', '/', '\\', ':', '(1)', '(', ')', 'CON', 'lpt²', '\u0301', '\u200D', '\uD83D', '\t'),
  );
  const fileName = fc.oneof(
    nastySamples,
    fc.string({ unit: 'binary', maxLength: 220 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: nastyPiece, maxLength: 40 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) }),
  );
  const fileNames = fc.array(fc.oneof(fileName, fc.constantFrom('x.pdf', 'X.pdf', 'x(1).pdf', 'x(2).PDF')), {
    maxLength: 30,
  });
  const budget = fc.integer({ min: 0, max: 200 });
  const maybeBudget = fc.option(budget, { nil: undefined });

  it('sanitiseEntryName always returns a name that is safe on Windows', () => {
    fc.assert(
      fc.property(fileName, (name) => {
        expectSafeForWindows(sanitiseEntryName(name));
      }),
      { numRuns: 2000 },
    );
  });

  it('sanitiseEntryName is idempotent', () => {
    fc.assert(
      fc.property(fileName, maybeBudget, (name, maxNameLength) => {
        const once = sanitiseEntryName(name, maxNameLength);
        expect(sanitiseEntryName(once, maxNameLength)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('assignEntryNames returns safe names, unique ignoring case, that avoid reserved names', () => {
    fc.assert(
      fc.property(fileNames, (names) => {
        const assigned = assignEntryNames(names);
        expect(assigned).toHaveLength(names.length);
        assigned.forEach(expectSafeForWindows);
        expectUniqueIgnoringCase(assigned);
        expect(assigned.map((name) => name.toLowerCase())).not.toContain('manifest.json');
      }),
      { numRuns: 500 },
    );
  });

  it('assignEntryNames keeps the sanitised name of every first occurrence', () => {
    fc.assert(
      fc.property(fileNames, maybeBudget, (names, maxNameLength) => {
        const assigned = assignEntryNames(names, { maxNameLength });
        const seen = new Set<string>(caseKeys('manifest.json'));
        names.map((name) => sanitiseEntryName(name, maxNameLength)).forEach((sanitised, index) => {
          const keys = caseKeys(sanitised);
          if (!keys.some((key) => seen.has(key))) {
            expect(assigned[index]).toBe(sanitised);
          }
          keys.forEach((key) => seen.add(key));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('assignEntryNames honours custom reserved names', () => {
    fc.assert(
      fc.property(fileNames, fc.array(fileName, { maxLength: 5 }), (names, reserved) => {
        const assigned = assignEntryNames(names, { reservedNames: reserved });
        expectUniqueIgnoringCase(assigned);
        const reservedKeys = new Set(reserved.map((name) => name.normalize('NFC').toLowerCase()));
        assigned.forEach((name) => {
          expectSafeForWindows(name);
          expect(reservedKeys.has(name.toLowerCase())).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('sanitiseEntryName keeps every character of the name in order, replacing only the forbidden ones', () => {
    fc.assert(
      fc.property(fileName, maybeBudget, (name, maxNameLength) => {
        expect(keptFrom(sanitiseEntryName(name, maxNameLength), name)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('sanitiseEntryName keeps every word of a name that fits, in order', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/u);
    const separator = fc.constantFrom('/', '\\', ':', '?', '*', '"', '<', '>', '|', ' ', '\t', '/../', ': ', '?/');
    const extension = fc.constantFrom('', '.pdf', '.JPEG');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { maxLength: 7 }), word, extension, (leading, lastWord, ext) => {
        const name = `${leading.map(([text, cut]) => `${text}${cut}`).join('')}${lastWord}${ext}`;
        const entryName = sanitiseEntryName(name);
        let position = 0;
        for (const text of [...leading.map(([text]) => text), lastWord]) {
          position = entryName.indexOf(text, position);
          expect(position).toBeGreaterThanOrEqual(0);
          position += text.length;
        }
        expect(entryName.endsWith(ext)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('assignEntryNames keeps every name within the budget, unique, with its extension and counter', () => {
    fc.assert(
      fc.property(fileNames, budget, (names, maxNameLength) => {
        const assigned = assignEntryNames(names, { maxNameLength });
        assigned.forEach((entryName, index) => {
          const original = names[index] ?? '';
          const extension = extensionOf(original);
          expectSafeForWindows(entryName);
          expect(entryName.length).toBeLessThanOrEqual(Math.max(maxNameLength, MIN_ENTRY_NAME_BUDGET));
          expect(entryName.endsWith(extension)).toBe(true);
          if (entryName !== sanitiseEntryName(original, maxNameLength)) {
            expect(entryName.slice(0, entryName.length - extension.length)).toMatch(/\(\d+\)$/u);
          }
        });
        expectUniqueIgnoringCase(assigned);
        expect(assigned.map((name) => name.toLowerCase())).not.toContain('manifest.json');
      }),
      { numRuns: 500 },
    );
  });

  it('maxEntryNameLengthFor keeps every extracted path within MAX_PATH when the folder leaves room', () => {
    const saveFolder = fc
      .string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '.', '\\'), maxLength: 240 })
      .map((rest) => `C:\\${rest}`);
    fc.assert(
      fc.property(saveFolder, fileNames, (folder, names) => {
        const extractionFolder = `${folder}\\patient-record-9990000026`;
        const maxNameLength = maxEntryNameLengthFor(`${extractionFolder}.zip`);
        const longestPath =
          extractionFolder.length + '\\'.length + Math.max(maxNameLength, MIN_ENTRY_NAME_BUDGET);
        assignEntryNames(names, { maxNameLength }).forEach((entryName) => {
          const extractedPath = `${extractionFolder}\\${entryName}`;
          expect(extractedPath.length).toBeLessThanOrEqual(longestPath);
          if (maxNameLength >= MIN_ENTRY_NAME_BUDGET) {
            expect(extractedPath.length).toBeLessThanOrEqual(WINDOWS_MAX_PATH_LENGTH);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
