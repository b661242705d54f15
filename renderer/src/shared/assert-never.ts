/** Ends a switch over a union: a compile error when a case is missing, a clear failure if one slips through. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
