import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DYNALITE_EDITS, loadPatchedDynalite, patchDynaliteSource } from '../../../main/sandbox/dynalite-patch.js';

const require = createRequire(import.meta.url);

interface DynaliteDb {
  createIndexKey(item: object, table: object, keySchema: object): string;
  itemSize(item: object): number;
  validateKey(key: object, table: object): Error | undefined;
}

const TABLE = {
  AttributeDefinitions: [
    { AttributeName: 'ID', AttributeType: 'S' },
    { AttributeName: 'NhsNumber', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: 'ID', KeyType: 'HASH' }],
};
const INDEX_KEY = [{ AttributeName: 'NhsNumber', KeyType: 'HASH' }];

function patchedDb(): DynaliteDb {
  loadPatchedDynalite();
  return require('dynalite/db/index.js') as DynaliteDb;
}

describe('the dynalite patch', () => {
  it('applies to the installed dynalite, each edit matching exactly once', () => {
    const source = readFileSync(require.resolve('dynalite/db/index.js'), 'utf8');

    const patched = patchDynaliteSource(source);

    for (const edit of DYNALITE_EDITS) {
      expect(patched).toContain(edit.replace);
      expect(patched).not.toContain(edit.find);
    }
  });

  it('stops with a message naming the change when dynalite no longer has a line it edits', () => {
    const source = readFileSync(require.resolve('dynalite/db/index.js'), 'utf8');
    const changed = source.replace(DYNALITE_EDITS[0]?.find ?? '', 'return somethingElse()');

    expect(() => patchDynaliteSource(changed)).toThrow(/cannot patch dynalite\/db\/index\.js \(index entries keyed by the whole table key/u);
  });

  it('keys two documents of one patient apart even when dynalite’s 24-bit MD5 prefixes of their ids are equal', () => {
    const prefix = (id: string): string => createHash('md5').update('Outliers').update(id).digest('hex').slice(0, 6);
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    while (pair === undefined) {
      const id = randomUUID();
      const other = seen.get(prefix(id));
      pair = other === undefined ? undefined : [other, id];
      seen.set(prefix(id), id);
    }
    const db = patchedDb();

    const keys = pair.map((ID) => db.createIndexKey({ ID: { S: ID }, NhsNumber: { S: '9990000018' } }, TABLE, INDEX_KEY));

    expect(keys[0]).not.toBe(keys[1]);
  });

  it('counts attribute names and string values in UTF-8 bytes', () => {
    const db = patchedDb();

    expect(db.itemSize({ Nom: { S: 'Zoë' } })).toBe(3 + 4);
    expect(db.itemSize({ 'Ñame': { S: 'ascii' } })).toBe(5 + 5);
    expect(db.itemSize({ ID: { S: '😀' } })).toBe(2 + 4);
  });

  it('counts a hash key’s 2,048-byte limit in UTF-8 bytes', () => {
    const db = patchedDb();
    const table = { ...TABLE };

    expect(db.validateKey({ ID: { S: 'é'.repeat(1_024) } }, table)).toBeUndefined();
    expect(db.validateKey({ ID: { S: 'é'.repeat(1_025) } }, table)?.message).toMatch(/Size of hashkey has exceeded the maximum size limit/u);
  });
});
