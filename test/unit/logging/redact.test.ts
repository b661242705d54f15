// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRedactor, errorFields, isNhsNumber } from '../../../main/logging/redact.js';

const SALT = 'a'.repeat(64);
const HOME = '/home/alice';
const redactor = createRedactor({ salt: SALT, userRoots: [HOME, '/tmp', 'C:\\Users\\alice', 'D:\\Patient records'], codeRoots: ['/opt/docstore/app'] });
const TOKEN = redactor.nhsNumber('9990000018');

describe('NHS numbers', () => {
  it.each(['9990000018', '999 000 0018', '999-000-0018', '999  000  0018', '999\t000\t0018'])('masks %j anywhere in free text, to one token', (typed) => {
    const masked = redactor.text(`Searching for ${typed} now; again:${typed}.`);
    expect(masked).toBe(`Searching for ${TOKEN} now; again:${TOKEN}.`);
    expect(masked).not.toMatch(/\d{3}[\s-]*\d{3}[\s-]*\d{4}/);
  });

  it('gives a stable salted token: the same patient twice, another patient or another salt differently', () => {
    expect(TOKEN).toMatch(/^nhs#[0-9a-f]{8}$/);
    expect(redactor.nhsNumber('999 000 0018')).toBe(TOKEN);
    expect(redactor.nhsNumber('9990000026')).not.toBe(TOKEN);
    expect(createRedactor({ salt: 'b'.repeat(64) }).nhsNumber('9990000018')).not.toBe(TOKEN);
  });

  it('masks one inside a file name or a URL', () => {
    expect(redactor.text('patient-record-9990000018.zip')).toBe(`patient-record-${TOKEN}.zip`);
    expect(redactor.text('https://x/tmp/abc?nhs=9990000018&y=1')).not.toContain('9990000018');
  });

  it('leaves ten digits that fail the check, and longer runs, alone', () => {
    expect(isNhsNumber('1234567890')).toBe(false);
    expect(redactor.text('id 1234567890, time 1767225600000, bytes 12345')).toBe('id 1234567890, time 1767225600000, bytes 12345');
  });

  it('masks the nhsNumber field whatever its form, also a number or a typo', () => {
    expect(redactor.redact({ nhsNumber: '999 000 0018' })).toEqual({ nhsNumber: TOKEN });
    expect(redactor.redact({ nhsNumber: 9990000018 })).toEqual({ nhsNumber: TOKEN });
    expect(redactor.redact({ nhsNumber: '999 000 0019' })).toEqual({ nhsNumber: expect.stringMatching(/^nhs#[0-9a-f]{8}$/) });
  });

  it('masks a ten-digit number that passes the check in any field but a measure', () => {
    expect(redactor.redact({ id: 9990000018, bytes: 9990000018 })).toEqual({ id: TOKEN, bytes: 9990000018 });
  });
});

describe('file names and paths', () => {
  it('masks file names by field, keeping only the extension', () => {
    expect(redactor.redact({ fileName: 'Lettre de l’hôpital – Zoë Müller.pdf', entryName: 'CON(1).PDF' })).toEqual({
      fileName: expect.stringMatching(/^file#[0-9a-f]{8}\.pdf$/),
      entryName: expect.stringMatching(/^file#[0-9a-f]{8}\.pdf$/),
    });
    expect(redactor.fileName('no extension')).toMatch(/^file#[0-9a-f]{8}$/);
    expect(redactor.fileName('odd.ext with spaces')).toMatch(/^file#[0-9a-f]{8}$/);
  });

  it('reduces a path field to …/ and the masked last part', () => {
    expect(redactor.redact({ folder: '/home/alice/Patients/Zoë Müller', file: 'D:\\Patient records\\patient-record-9990000018.zip' })).toEqual({
      folder: expect.stringMatching(/^…\/file#[0-9a-f]{8}$/),
      file: expect.stringMatching(/^…\/file#[0-9a-f]{8}\.zip$/),
    });
  });

  it('masks paths under the user folders in free text, to the end of the line, in any letter case or separator', () => {
    const masked = redactor.text('Saved to /home/alice/Downloads/Scan(1) of Zoë Müller.pdf\nnext line stays');
    expect(masked).toMatch(/^Saved to …\/file#[0-9a-f]{8}\.pdf\nnext line stays$/);
    expect(redactor.text('c:\\users\\ALICE\\Documents\\Zoë.pdf failed')).not.toMatch(/Documents|Zoë/i);
    expect(redactor.text('"D:\\\\Patient records\\\\Zoë.pdf"')).not.toContain('Zoë');
    expect(redactor.text('see /home/aliceb/Zoë.txt')).toMatch(/^see …\/file#[0-9a-f]{8}\.txt$/);
  });

  it('masks any quoted absolute path, as file system errors give them', () => {
    const masked = redactor.text("EACCES: permission denied, rename '/srv/share/Zoë Müller.pdf.partial' -> '/srv/share/Zoë Müller.pdf'");
    expect(masked).not.toContain('Zoë');
    expect(masked).toMatch(/rename '…\/file#[0-9a-f]{8}\.partial' -> '…\/file#[0-9a-f]{8}\.pdf'$/);
  });
});

describe('a stack trace', () => {
  it('keeps the code frames readable and masks the file name and NHS number it carries', () => {
    const error = new Error("ENOENT: no such file or directory, open '/home/alice/Downloads/patient-record-9990000018 Zoë Müller.zip.partial'");
    error.stack = [
      `Error: ${error.message}`,
      '    at saveToFolder (/opt/docstore/app/out/main/index.js:120:15)',
      '    at async DownloadJob.save (/opt/docstore/app/out/main/index.js:88:3)',
      '    at open (/home/alice/Downloads/Zoë Müller.pdf)',
    ].join('\n');
    const masked = redactor.redact({ error });
    const text = JSON.stringify(masked);
    expect(text).not.toMatch(/9990000018|999 000 0018|Zoë|Müller|Downloads|alice/);
    expect(text).toContain('at saveToFolder (<app>/out/main/index.js:120:15)');
    expect(masked).toEqual({ error: { name: 'Error', message: expect.stringContaining('ENOENT'), stack: expect.any(String) } });
  });

  it('errorFields keeps the code of a system error', () => {
    const error = Object.assign(new Error('boom'), { code: 'ENOSPC' });
    expect(errorFields(error)).toMatchObject({ name: 'Error', message: 'boom', code: 'ENOSPC' });
    expect(errorFields('plain')).toEqual({ message: 'plain' });
  });
});

describe('roots', () => {
  it('masks every other absolute path too, but not URLs, ratios or relative names', () => {
    expect(redactor.text('could not open /srv/x/Zoë Müller.pdf')).toMatch(/^could not open …\/file#[0-9a-f]{8}\.pdf$/);
    expect(redactor.text('at E:\\Shared\\Zoë.pdf')).toMatch(/^at …\/file#[0-9a-f]{8}\.pdf$/);
    expect(redactor.text('at \\\\server\\share\\Zoë.pdf')).toMatch(/^at …\/file#[0-9a-f]{8}\.pdf$/);
    const plain = 'https://dynamodb.eu-west-2.amazonaws.com/ 3/4 and/or node:internal/fs relative/dir/a.txt <app>/out/main.js …/file#00000000.pdf';
    expect(redactor.text(plain)).toBe(plain);
  });

  it('never uses a filesystem root or a relative folder as a user folder', () => {
    const broad = createRedactor({ salt: SALT, userRoots: ['/', 'C:\\', 'relative/dir'] });
    expect(broad.text('relative/dir/a.txt and C: drive')).toBe('relative/dir/a.txt and C: drive');
  });

  it('drops a code folder that holds a user folder, so the user folder stays masked', () => {
    const project = createRedactor({ salt: SALT, userRoots: ['/home/dev'], codeRoots: ['/home'] });
    expect(project.text('/home/dev/Zoë.pdf')).toMatch(/^…\/file#/);
  });

  it('passes numbers and booleans through and caps deep nesting', () => {
    expect(redactor.redact({ count: 3, ok: true, none: null })).toEqual({ count: 3, ok: true, none: null });
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(redactor.redact(deep))).toContain('(nested too deeply)');
  });
});
