/**
 * A policy file's bytes to a JSON value, refusing what JSON.parse would let through or choke on: more than
 * POLICY_MAX_BYTES, text that is not UTF-8 (UTF-16 is named as such), duplicate keys (named with their path) and
 * nesting deeper than POLICY_MAX_DEPTH (which would otherwise end in a RangeError with a stack trace).
 */
/** A real policy is well under 4 KiB; the cap stops a mistaken or hostile file from being read whole. */
export const POLICY_MAX_BYTES = 256 * 1024;
/** The schema nests two levels (`saveFolder.path`); anything much deeper is not a policy. */
export const POLICY_MAX_DEPTH = 32;

/** The JSON value, or why the bytes are not one: the end of a sentence that begins with the file's name. */
export type PolicyJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Decodes and parses a policy file's bytes; `bytes` may be cut at POLICY_MAX_BYTES + 1 by the reader. */
export function parsePolicyJson(bytes: Uint8Array): PolicyJson {
  if (bytes.length > POLICY_MAX_BYTES) {
    return { ok: false, problem: `is larger than ${POLICY_MAX_BYTES / 1024} KiB, so it is not read (a policy is a few lines of JSON)` };
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) {
    return text;
  }
  try {
    return { ok: true, value: new StrictJsonParser(text.text).document() };
  } catch (error) {
    if (error instanceof JsonProblem) {
      return { ok: false, problem: error.message };
    }
    throw error;
  }
}

function decodeUtf8(bytes: Uint8Array): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string } {
  if (looksLikeUtf16(bytes)) {
    return {
      ok: false,
      problem:
        'is saved as UTF-16 (as Windows PowerShell 5 writes with Out-File or "-Encoding Unicode"); save it as UTF-8 instead, ' +
        'for example with Set-Content -Encoding UTF8, or "UTF-8" in Notepad\'s Save As',
    };
  }
  try {
    // fatal: a file in a legacy code page (Windows-1252) is refused rather than read with replacement characters.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'is not UTF-8 text; save it as UTF-8 (with or without a byte order mark)' };
  }
}

// A UTF-16 byte order mark, or the NUL bytes ASCII text has in every other position in UTF-16 without one.
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return true;
  }
  return bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0);
}

class JsonProblem extends Error {}

const WHITESPACE = /[ \t\r\n]*/y;
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** RFC 8259 JSON with a depth limit and duplicate keys refused; errors say where (line and column) and what. */
class StrictJsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    this.skipWhitespace();
    if (this.position >= this.text.length) {
      throw new JsonProblem('is empty: it must hold one JSON object such as {"environment": "prod"}');
    }
    const value = this.value(1, '');
    this.skipWhitespace();
    if (this.position < this.text.length) {
      throw this.problemHere('has more after the end of the JSON value');
    }
    return value;
  }

  private value(depth: number, path: string): unknown {
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === '{' || char === '[') {
      if (depth > POLICY_MAX_DEPTH) {
        throw this.problemHere(`nests objects or lists more than ${POLICY_MAX_DEPTH} deep, which no policy does`);
      }
      return char === '{' ? this.object(depth, path) : this.array(depth, path);
    }
    if (char === '"') {
      return this.string();
    }
    const literal = this.match(LITERAL);
    if (literal === undefined) {
      throw this.problemHere(char === undefined ? 'ends too early' : `has ${JSON.stringify(char)} where a value should be`);
    }
    return JSON.parse(literal) as unknown;
  }

  private object(depth: number, path: string): Record<string, unknown> {
    this.position += 1;
    const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (this.consume('}')) {
      return { ...object };
    }
    do {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') {
        throw this.problemHere('has a key that is not in double quotes (or a comma before a closing brace)');
      }
      const keyStart = this.position;
      const key = this.string();
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (Object.hasOwn(object, key)) {
        throw this.problemHere(`sets "${keyPath}" twice; keep one of them`, keyStart);
      }
      this.expect(':');
      object[key] = this.value(depth + 1, keyPath);
    } while (this.consume(','));
    this.expect('}');
    return { ...object };
  }

  private array(depth: number, path: string): unknown[] {
    this.position += 1;
    const array: unknown[] = [];
    if (this.consume(']')) {
      return array;
    }
    do {
      array.push(this.value(depth + 1, `${path}[${array.length}]`));
    } while (this.consume(','));
    this.expect(']');
    return array;
  }

  private string(): string {
    const quoted = this.match(STRING);
    if (quoted === undefined) {
      throw this.problemHere('has a string that is not closed, or holds a control character or a bad escape');
    }
    return JSON.parse(quoted) as string;
  }

  private consume(char: string): boolean {
    this.skipWhitespace();
    if (this.text[this.position] === char) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expect(char: string): void {
    if (!this.consume(char)) {
      throw this.problemHere(`needs ${JSON.stringify(char)} here`);
    }
  }

  private skipWhitespace(): void {
    this.match(WHITESPACE);
  }

  /** The text the sticky pattern matches at the current position, which it then moves past. */
  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) {
      this.position += found.length;
    }
    return found;
  }

  private problemHere(what: string, position = this.position): JsonProblem {
    const before = this.text.slice(0, position).split('\n');
    return new JsonProblem(`is not valid JSON: it ${what} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`);
  }
}
