import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { nhsNumberArgument, tell } from '../../../main/cli/command.js';
import { MAX_ARGUMENT_LENGTH, overlongArgumentProblem, printable } from '../../../main/cli/input.js';

function io() {
  const stderr = new PassThrough();
  return { io: { stdout: new PassThrough(), stderr, signal: new AbortController().signal }, stderr: () => String(stderr.read() ?? '') };
}

describe('printable: what the CLI echoes loses control characters', () => {
  it.each([
    ['a terminal escape that clears the screen', '\u001b[2J\u001b[Hfake prompt', '[2J[Hfake prompt'],
    ['a carriage return that overwrites the line', 'abc\rOK', 'abcOK'],
    ['a bell, a backspace, DEL and a C1 control', 'a\u0007b\u0008c\u007fd\u009be', 'abcde'],
    ['a right-to-left override (Trojan Source)', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a bidirectional isolate', '\u2066x\u2069', 'x'],
  ])('%s', (_label, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('keeps newlines, tabs and non-ASCII letters', () => {
    expect(printable('Usage:\n\tcli — Zoë, 王')).toBe('Usage:\n\tcli — Zoë, 王');
  });

  it('is applied by tell, so a message quoting input cannot drive the terminal', () => {
    const run = io();
    tell(run.io, 'Unknown command "\u001b]0;owned\u0007x".');
    expect(run.stderr()).toBe('Unknown command "]0;ownedx".\n');
  });
});

describe('argument length caps', () => {
  it(`refuses an argument over ${MAX_ARGUMENT_LENGTH} characters, naming which`, () => {
    expect(overlongArgumentProblem(['search', 'x'.repeat(MAX_ARGUMENT_LENGTH)])).toBeUndefined();
    expect(overlongArgumentProblem(['search', 'x'.repeat(MAX_ARGUMENT_LENGTH + 1)])).toBe(
      `Argument 2 is ${MAX_ARGUMENT_LENGTH + 1} characters long; the longest accepted is ${MAX_ARGUMENT_LENGTH}.`,
    );
  });

  it('refuses an NHS number over 64 characters without quoting it', () => {
    const run = io();
    const long = `${'9'.repeat(65)}\u001b[2J`;
    expect(nhsNumberArgument(run.io, [long], 'usage')).toBeUndefined();
    expect(run.stderr()).toBe('The NHS number given is 69 characters long; an NHS number has 10 digits, for example 943 476 5919.\n');
  });

  it('still parses a 64-character NHS number, quoting it without its control characters', () => {
    const run = io();
    expect(nhsNumberArgument(run.io, [`943 476 5919${' '.repeat(52)}`], 'usage')).toBe('9434765919');
    expect(nhsNumberArgument(run.io, ['12\u001b[31m34'], 'usage')).toBeUndefined();
    expect(run.stderr()).toBe('"12[31m34" is not an NHS number: use digits only. An NHS number has 10 digits, for example, 943 476 5919.\n');
  });
});
