// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor, failed } from '../../../main/cli/command.js';
import { captureIo } from './support/cli-io.js';

describe('exit codes', () => {
  it('keep the old ones and add 4 for "sign in" and 5 for "not allowed"', () => {
    expect(EXIT).toEqual({ ok: 0, failure: 1, invalidInput: 2, nothingToDownload: 3, notSignedIn: 4, notPermitted: 5 });
  });

  it.each([
    ['not-signed-in', 4],
    ['session-expired', 4],
    ['not-permitted', 5],
    ['no-recognised-role', 5],
    ['invalid-nhs-number', 2],
    ['nothing-to-download', 3],
    ['patient-not-found', 1],
    ['patient-number-superseded', 1],
    ['unreachable', 1],
  ] as const)('%s → %i', (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
  });

  it('say how to sign in when that is what is wrong', () => {
    const { io, stderr } = captureIo();
    expect(failed(io, { code: 'session-expired', message: 'Your session has ended.' })).toBe(4);
    expect(stderr()).toBe('Your session has ended.\nSign in with `npm run -s cli -- login` (or set DOCSTORE_SANDBOX_USER in the sandbox), then run the command again.\n');
    const other = captureIo();
    expect(failed(other.io, { code: 'not-permitted', message: 'Not your patient.' })).toBe(5);
    expect(other.stderr()).toBe('Not your patient.\n');
  });
});
