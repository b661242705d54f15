// @vitest-environment node
/**
 * `download --record-pdf`: the request asks for the PDF; `--json` gives its path as `recordPdf` (null when not asked
 * for or not made), and a PDF that could not be made is said on stderr without failing the command: the ZIP is saved.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DownloadSummary, RecordPdfSummary } from '../../../common/download.js';
import type { Opened } from '../../../main/cli/command.js';
import { downloadCommand } from '../../../main/cli/download-command.js';
import type { AppServices } from '../../../main/services.js';
import { downloadSummary } from '../../support/download-summary.js';
import { captureIo, runWithoutBackend } from './support/cli-io.js';

const SUMMARY = downloadSummary({ file: '/home/alex/Records/patient-record-9990000018.zip' });
const PDF_PATH = '/home/alex/Records/patient-record-9990000018.pdf';
const MADE: RecordPdfSummary = { file: PDF_PATH, sha256: 'b'.repeat(64), bytes: 500_000, pages: 14, zipOnly: 1 };
const PROBLEM = 'The ZIP was saved and verified. The PDF of the record could not be made: there is not enough space on the disk.';

/** A backend signed in as a sandbox person, whose download answers with `summary`; and the requests it was given. */
function signedIn(summary: DownloadSummary) {
  const download = vi.fn<AppServices['download']>(() => Promise.resolve({ ok: true, value: summary }));
  const session = {
    signIn: () => Promise.resolve({ ok: true, value: { state: 'signed-in', person: { role: { personRoleId: 'r1' } } } }),
    onChange: () => undefined,
  };
  const opened = { backend: { session, config: { identity: { sandboxUser: '555000000001' }, dataDir: '/tmp' } }, services: { download }, signIn: { offer: () => undefined } };
  return { opened: opened as unknown as Opened, download };
}

describe('cli download --record-pdf', () => {
  it('asks for the PDF and gives its path as recordPdf in --json', async () => {
    const { opened, download } = signedIn({ ...SUMMARY, recordPdf: MADE });

    const run = await runWithoutBackend(downloadCommand, ['9990000018', '--out', '/home/alex/Records', '--record-pdf', '--json'], opened);

    expect(run.code).toBe(0);
    expect(download.mock.calls[0]?.[0]).toMatchObject({ nhsNumber: '9990000018', recordPdf: true });
    expect(JSON.parse(run.stdout)).toMatchObject({ file: SUMMARY.file, recordPdf: PDF_PATH });
  });

  it('gives recordPdf null when the PDF was not asked for', async () => {
    const { opened, download } = signedIn(SUMMARY);

    const run = await runWithoutBackend(downloadCommand, ['9990000018', '--out', '/home/alex/Records', '--json'], opened);

    expect(download.mock.calls[0]?.[0]).toMatchObject({ recordPdf: false });
    expect(JSON.parse(run.stdout)).toMatchObject({ recordPdf: null });
  });

  it('says on stderr why the PDF could not be made, gives recordPdf null and still succeeds: the ZIP is saved', async () => {
    const { opened } = signedIn({ ...SUMMARY, recordPdf: { problem: PROBLEM } });

    const run = await runWithoutBackend(downloadCommand, ['9990000018', '--out', '/home/alex/Records', '--record-pdf', '--json'], opened);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: SUMMARY.file, recordPdf: null });
    expect(run.stderr).toContain(PROBLEM);
  });

  it('says on the status line, in words, that the PDF of the record is being made and how far it is', async () => {
    const { opened, download } = signedIn({ ...SUMMARY, recordPdf: MADE });
    download.mockImplementation((request) => {
      request.onProgress?.({ phase: 'recordPdf', documentsDone: 3, documentsFailed: 0, documentsTotal: 12, bytesDone: 2_000_000, bytesTotal: 5_000_000 });
      return Promise.resolve({ ok: true, value: { ...SUMMARY, recordPdf: MADE } });
    });
    const captured = captureIo();
    // The status line is written to a terminal only.
    Object.assign(captured.io.stderr, { isTTY: true });

    const code = await downloadCommand(['9990000018', '--out', '/home/alex/Records', '--record-pdf'], captured.io, () => Promise.resolve(opened));

    await new Promise((resolve) => setImmediate(resolve));
    expect(code).toBe(0);
    expect(captured.stderr()).toContain('Making the PDF of the record… 3/12 documents, 2.0 MB of 5.0 MB');
  });

  it('names the PDF, its pages and the documents in the ZIP only, without --json', async () => {
    const { opened } = signedIn({ ...SUMMARY, recordPdf: MADE });

    const run = await runWithoutBackend(downloadCommand, ['9990000018', '--out', '/home/alex/Records', '--record-pdf'], opened);

    expect(run.stdout).toContain(`Saved and verified: ${SUMMARY.file}`);
    expect(run.stdout).toContain(`PDF of the record: ${PDF_PATH}`);
    expect(run.stdout).toContain('14 pages, 1 document in the ZIP only');
  });
});
