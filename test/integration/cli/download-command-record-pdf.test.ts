/** `cli download --record-pdf --json` on the sandbox: the PDF of the record beside the ZIP, its path in the JSON. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx } from '../../support/run-script.js';
import { sandboxEnv } from '../../support/sandbox-backend.js';
import { readBack } from '../../unit/download/record-pdf/support/read-back.js';
import { asWhoMayDownload } from './support/sandbox-users.js';

const NHS_NUMBER = '9990000018';

describe('cli download --record-pdf', () => {
  let out: string;
  let dataDir: string;
  const cli = (args: ReadonlyArray<string>) => runTsx('main/cli.ts', args, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir, ...asWhoMayDownload(args[1]) });

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'docstore-cli-pdf-out-'));
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-cli-pdf-data-'));
  });
  afterAll(async () => {
    await Promise.all([out, dataDir].map((path) => rm(path, { recursive: true, force: true })));
  });

  it('saves the PDF of the record beside the ZIP and gives its path as recordPdf', async () => {
    const { code, stdout } = await cli(['download', NHS_NUMBER, '--out', out, '--record-pdf', '--json']);

    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { file: string; recordPdf: string | null; included: unknown[] };
    expect(summary.recordPdf).toBe(join(out, `patient-record-${NHS_NUMBER}.pdf`));
    expect((await readdir(out)).sort()).toEqual([`patient-record-${NHS_NUMBER}.pdf`, `patient-record-${NHS_NUMBER}.zip`]);
    const pdf = await readBack(summary.recordPdf ?? '');
    expect(pdf.outline).toHaveLength(summary.included.length);
  });
});
