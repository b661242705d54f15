import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parsePolicyJson, POLICY_MAX_BYTES, POLICY_MAX_DEPTH } from '../../../main/config/policy-json.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function problemOf(text: string | Uint8Array): string {
  const result = parsePolicyJson(typeof text === 'string' ? utf8(text) : text);
  if (result.ok) {
    throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
  }
  return result.problem;
}

describe('parsePolicyJson: what JSON.parse reads, it reads the same', () => {
  it('for any JSON text without duplicate keys, nested at most 32 deep', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'small', maxDepth: 8 }), (text) => {
        expect(parsePolicyJson(utf8(text))).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });

  it('with or without a UTF-8 byte order mark, and with non-ASCII text', () => {
    expect(parsePolicyJson(utf8('\uFEFF{"path": "D:\\\\Dossiers médicaux"}'))).toEqual({ ok: true, value: { path: 'D:\\Dossiers médicaux' } });
  });

  it('keeps a "__proto__" key as data', () => {
    const result = parsePolicyJson(utf8('{"__proto__": {"allowSandbox": false}}'));
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
    expect(result.ok && (result.value as { allowSandbox?: boolean }).allowSandbox).toBeUndefined();
  });
});

describe('parsePolicyJson: what it refuses, in one sentence with the place', () => {
  it('a key set twice, by its path', () => {
    expect(problemOf('{"saveFolder": {"path": "/a",\n "path": "/b"}}')).toBe(
      'is not valid JSON: it sets "saveFolder.path" twice; keep one of them (line 2, column 2)',
    );
  });

  it(`nesting deeper than ${POLICY_MAX_DEPTH}, however deep`, () => {
    expect(parsePolicyJson(utf8(`${'['.repeat(POLICY_MAX_DEPTH)}${']'.repeat(POLICY_MAX_DEPTH)}`)).ok).toBe(true);
    expect(problemOf(`${'['.repeat(POLICY_MAX_DEPTH + 1)}${']'.repeat(POLICY_MAX_DEPTH + 1)}`)).toMatch(/nests objects or lists more than 32 deep/);
    expect(problemOf('{"a":'.repeat(40_000))).toMatch(/nests objects or lists more than 32 deep/);
  });

  it('more than 256 KiB', () => {
    expect(problemOf(new Uint8Array(POLICY_MAX_BYTES + 1).fill(0x20))).toMatch(/^is larger than 256 KiB/);
    expect(parsePolicyJson(utf8(`{"a": "${'x'.repeat(POLICY_MAX_BYTES - 20)}"}`)).ok).toBe(true);
  });

  it.each([
    ['UTF-16LE with a BOM', new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
    ['UTF-16BE with a BOM', new Uint8Array([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d])],
    ['UTF-16BE without one', new Uint8Array([0x00, 0x7b, 0x00, 0x7d])],
  ])('%s, named as UTF-16', (_label, bytes) => {
    expect(problemOf(bytes)).toMatch(/^is saved as UTF-16 .*save it as UTF-8 instead/);
  });

  it('text in a legacy code page (Windows-1252 "é")', () => {
    expect(problemOf(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]))).toBe('is not UTF-8 text; save it as UTF-8 (with or without a byte order mark)');
  });

  it.each([
    ['', 'is empty: it must hold one JSON object such as {"environment": "prod"}'],
    ['{"a": 1,}', 'is not valid JSON: it has a key that is not in double quotes (or a comma before a closing brace) (line 1, column 9)'],
    ["{'a': 1}", 'is not valid JSON: it has a key that is not in double quotes (or a comma before a closing brace) (line 1, column 2)'],
    ['{"a": 1} {}', 'is not valid JSON: it has more after the end of the JSON value (line 1, column 10)'],
    ['{"a": tru}', 'is not valid JSON: it has "t" where a value should be (line 1, column 7)'],
    ['{"a": "x', 'is not valid JSON: it has a string that is not closed, or holds a control character or a bad escape (line 1, column 7)'],
    ['{"a" 1}', 'is not valid JSON: it needs ":" here (line 1, column 6)'],
    ['{"a": 1', 'is not valid JSON: it needs "}" here (line 1, column 8)'],
    ['[1, 2', 'is not valid JSON: it needs "]" here (line 1, column 6)'],
    ['{"a": ', 'is not valid JSON: it ends too early (line 1, column 7)'],
  ])('%j', (text, problem) => {
    expect(problemOf(text)).toBe(problem);
  });
});
