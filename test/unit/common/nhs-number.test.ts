import { describe, expect, it } from 'vitest';

import { checkDigitOf, formatNhsNumber, parseNhsNumber } from '../../../common/nhs-number.js';

function problemOf(input: string): { problem: string; message: string } {
  const result = parseNhsNumber(input);
  if (result.ok) {
    throw new Error(`expected "${input}" to be rejected, but it was accepted as ${result.value}`);
  }
  return { problem: result.problem, message: result.message };
}

describe('parseNhsNumber accepts valid NHS numbers', () => {
  it.each([
    ['9990000018', '9990000018'],
    ['4857773457', '4857773457'],
    ['0100000010', '0100000010'],
    ['999 000 0018', '9990000018'],
    ['485 777 3457', '4857773457'],
    ['485-777-3457', '4857773457'],
    ['999-000-0018', '9990000018'],
    ['  9990000018\t', '9990000018'],
    ['\n 485 777 3457  ', '4857773457'],
  ])('accepts %j as %s', (input, value) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value });
  });
});

describe('parseNhsNumber rejects what is not an NHS number', () => {
  it.each(['', '   ', ' - - '])('reports %j as empty', (input) => {
    const { problem, message } = problemOf(input);
    expect(problem).toBe('empty');
    expect(message).toMatch(/^Enter an NHS number/);
  });

  it('reports letters as a format problem and quotes what was typed', () => {
    const { problem, message } = problemOf('abc');
    expect(problem).toBe('format');
    expect(message).toContain('"abc"');
    expect(message).toContain('digits only');
  });

  it('quotes the trimmed value, not the surrounding whitespace', () => {
    const { problem, message } = problemOf('  999O000018 ');
    expect(problem).toBe('format');
    expect(message).toContain('"999O000018"');
  });

  it.each([
    ['999000001', 9],
    ['99900000181', 11],
    ['999 000 001', 9],
  ])('reports %j as a length problem with its digit count', (input, count) => {
    const { problem, message } = problemOf(input);
    expect(problem).toBe('length');
    expect(message).toContain(`"${input}" has ${count} digits`);
  });

  it('rejects a number whose first nine digits can never be valid (check value 10)', () => {
    const { problem, message } = problemOf('1234567890');
    expect(problem).toBe('check-digit');
    expect(message).toContain('"1234567890"');
  });

  it.each(['9990000019', '9990000010', '999 000 0017'])('rejects %j whose last digit is wrong', (input) => {
    const { problem, message } = problemOf(input);
    expect(problem).toBe('check-digit');
    expect(message).toContain(`"${input}"`);
    expect(message).toContain('check digit');
  });

  it('rejects 485 777 3456: its Modulus-11 check digit is 7, not 6', () => {
    expect(problemOf('485 777 3456').problem).toBe('check-digit');
  });

  it('offers an example in its messages that it would itself accept', () => {
    const { message } = problemOf('');
    const example = /for example, ([\d ]+)/.exec(message)?.[1];
    expect(example).toBeDefined();
    expect(parseNhsNumber(example ?? '').ok).toBe(true);
  });
});

describe('checkDigitOf', () => {
  it('gives the check digit for known prefixes', () => {
    expect(checkDigitOf('999000001')).toBe(8);
    expect(checkDigitOf('485777345')).toBe(7);
  });

  it('gives undefined when the check value is 10', () => {
    // 1*10 + 2*9 + 3*8 + 4*7 + 5*6 + 6*5 + 7*4 + 8*3 + 9*2 = 210; 210 mod 11 = 1; 11 - 1 = 10.
    expect(checkDigitOf('123456789')).toBeUndefined();
  });

  it('gives 0 when the weighted sum is a multiple of 11', () => {
    // 1*9 (second digit) + 1*2 (ninth digit) = 11; remainder 0; 11 - 0 = 11, which maps to 0.
    expect(checkDigitOf('010000001')).toBe(0);
    expect(parseNhsNumber('0100000010')).toEqual({ ok: true, value: '0100000010' });
  });
});

describe('formatNhsNumber', () => {
  it('groups the digits 3-3-4', () => {
    expect(formatNhsNumber('9990000018')).toBe('999 000 0018');
    expect(formatNhsNumber('4857773457')).toBe('485 777 3457');
  });
});
