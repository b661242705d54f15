/**
 * NHS number rules, shared by main (which enforces them) and the renderer (which checks as the user types).
 *
 * It lives beside the contract because both runtimes must give the same answer and the same words; it is pure
 * code with no Node or DOM dependency.
 */

export type NhsNumberProblem = 'empty' | 'format' | 'length' | 'check-digit';

export type NhsNumberResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: NhsNumberProblem; readonly message: string };

// A number that passes the check; the UI hint's traditional 485 777 3456 does not.
const EXAMPLE = 'for example, 943 476 5919';

/** Parses what a user typed: spaces and hyphens are ignored, then 10 digits with a valid Modulus-11 check digit. */
export function parseNhsNumber(input: string): NhsNumberResult {
  const typed = input.trim();
  const digits = typed.replace(/[\s-]/g, '');
  if (digits === '') {
    return failure('empty', `Enter an NHS number. An NHS number has 10 digits, ${EXAMPLE}.`);
  }
  if (!/^\d+$/.test(digits)) {
    return failure('format', `"${typed}" is not an NHS number: use digits only. An NHS number has 10 digits, ${EXAMPLE}.`);
  }
  if (digits.length !== 10) {
    return failure('length', `"${typed}" has ${digits.length} digits. An NHS number has 10 digits, ${EXAMPLE}.`);
  }
  if (checkDigitOf(digits.slice(0, 9)) !== Number(digits[9])) {
    return failure(
      'check-digit',
      `"${typed}" is not a valid NHS number: the check digit (the last digit) does not match. Check the number and try again.`,
    );
  }
  return { ok: true, value: digits };
}

/** The Modulus-11 check digit for the first nine digits, or undefined when no valid number starts with them. */
export function checkDigitOf(firstNine: string): number | undefined {
  let total = 0;
  for (let index = 0; index < firstNine.length; index += 1) {
    total += Number(firstNine.charAt(index)) * (10 - index);
  }
  const check = 11 - (total % 11);
  if (check === 10) {
    return undefined;
  }
  return check === 11 ? 0 : check;
}

/** Groups an NHS number as 3-3-4 digits, the way it is printed on NHS letters. */
export function formatNhsNumber(nhsNumber: string): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}

function failure(problem: NhsNumberProblem, message: string): NhsNumberResult {
  return { ok: false, problem, message };
}
