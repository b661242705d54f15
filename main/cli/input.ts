/**
 * What the command line accepts and how it repeats input back: arguments have a length cap, and text echoed to the
 * terminal loses control characters, so a crafted argument cannot move the cursor, rewrite earlier lines or reorder
 * what is shown (terminal escapes, bidirectional overrides).
 */

/** Longer than any path a user types (Windows' long-path limit aside); longer input is refused, not truncated. */
export const MAX_ARGUMENT_LENGTH = 4096;
/** An NHS number is 10 digits; spaces and hyphens make it at most 12. Longer input is not a mistyped number. */
export const MAX_NHS_NUMBER_LENGTH = 64;

// C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidirectional embedding, override and isolate
// controls (the "Trojan Source" characters).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with control characters removed, for writing to a terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** Why the arguments are refused before any command sees them, or undefined when every one is within the cap. */
export function overlongArgumentProblem(args: ReadonlyArray<string>): string | undefined {
  const index = args.findIndex((arg) => arg.length > MAX_ARGUMENT_LENGTH);
  if (index === -1) {
    return undefined;
  }
  return `Argument ${index + 1} is ${args[index]?.length} characters long; the longest accepted is ${MAX_ARGUMENT_LENGTH}.`;
}

/** Why text given as an NHS number is refused before it is parsed, or undefined when its length is plausible. */
export function overlongNhsNumberProblem(text: string): string | undefined {
  return text.length > MAX_NHS_NUMBER_LENGTH
    ? `The NHS number given is ${text.length} characters long; an NHS number has 10 digits, for example 943 476 5919.`
    : undefined;
}
