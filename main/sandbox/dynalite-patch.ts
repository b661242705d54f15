import { readFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import type dynaliteFactory from 'dynalite';

// dynalite 4.0.0 departs from DynamoDB in two ways the product cannot live with, both in dynalite/db/index.js:
//
// 1. A global secondary index entry is keyed by the index key plus `hashPrefix(table key)`: the first 6 hex digits
//    (24 bits) of an MD5. Two items with the same index key whose table keys share those 24 bits overwrite each
//    other in the index, and a query silently returns one fewer (about half of all 5,000-document patients with
//    random ids). DynamoDB keeps one index entry per item ("In a global secondary index, ... every item in the
//    table that has the index key attributes appears in the index", Developer Guide, "Using Global Secondary
//    Indexes"). The entry is keyed here by the item's whole table key instead.
// 2. Item and key sizes are counted in UTF-16 code units. DynamoDB counts UTF-8 bytes of attribute names and string
//    values ("Strings are Unicode with UTF-8 binary encoding ... The size of a string is (number of UTF-8-encoded
//    bytes of attribute name) + (number of UTF-8-encoded bytes)", Developer Guide, "Item sizes and formats"), against
//    the 400 KB item limit ("The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary
//    length (UTF-8 length) and attribute value lengths", "Service, account, and table quotas").
//
// How: the module's source is read, the few lines below are replaced, and the result is placed in Node's module cache
// under dynalite/db/index.js before dynalite itself is required, so every dynalite module that requires './db'
// gets the corrected one. Not patch-package: it needs a postinstall script, and npm 11 does not run dependency
// install scripts here (package.json's empty allowScripts); a run-time patch applies wherever the sandbox starts,
// from a fresh clone too. Each replacement must match exactly once: a dynalite upgrade that changes these lines
// stops the sandbox with a message rather than silently running unpatched.

/** One source edit: `find` must occur exactly once in the module. */
interface SourceEdit {
  readonly why: string;
  readonly find: string;
  readonly replace: string;
}

export const DYNALITE_EDITS: ReadonlyArray<SourceEdit> = [
  {
    why: 'index entries keyed by the whole table key, not 24 bits of its MD5',
    find: 'return createKey(item, table, keySchema) + hashPrefix.apply(this, tableKeyPieces)',
    replace: 'return createKey(item, table, keySchema) + createKey(item, table)',
  },
  {
    why: 'attribute names counted in UTF-8 bytes',
    find: 'return sum + size + (compress ? 1 : attr.length)',
    replace: "return sum + size + (compress ? 1 : Buffer.byteLength(attr, 'utf8'))",
  },
  {
    why: 'string values counted in UTF-8 bytes',
    find: "case 'S':\n    return val.length",
    replace: "case 'S':\n    return Buffer.byteLength(val, 'utf8')",
  },
  {
    why: 'key sizes (2,048-byte hash key, 1,024-byte range key) counted in UTF-8 bytes',
    find: "if (type == 'B') keyPiece = Buffer.from(keyPiece, 'base64')",
    replace: "keyPiece = type == 'B' ? Buffer.from(keyPiece, 'base64') : Buffer.from(keyPiece, 'utf8')",
  },
];

const PATCHED = Symbol.for('document-store.sandbox.dynalite-patched');

/** Applies the edits to `source`; throws naming the first edit that does not match exactly once. */
export function patchDynaliteSource(source: string): string {
  let patched = source;
  for (const edit of DYNALITE_EDITS) {
    const first = patched.indexOf(edit.find);
    if (first < 0 || patched.indexOf(edit.find, first + 1) >= 0) {
      throw new Error(
        `The sandbox cannot patch dynalite/db/index.js (${edit.why}): the expected line was ${first < 0 ? 'not found' : 'found more than once'}. ` +
          'dynalite was changed; update main/sandbox/dynalite-patch.ts.',
      );
    }
    patched = patched.slice(0, first) + edit.replace + patched.slice(first + edit.find.length);
  }
  return patched;
}

// Not named `require`: the app bundle declares its own `require` shim in the same chunk.
const requireHere = createRequire(import.meta.url);

/** dynalite with the edits above; the first call installs them in the module cache. */
export function loadPatchedDynalite(): typeof dynaliteFactory {
  const dbPath = requireHere.resolve('dynalite/db/index.js');
  const cached = requireHere.cache[dbPath];
  if (cached === undefined) {
    requireHere.cache[dbPath] = compilePatched(dbPath);
  } else if ((cached.exports as Record<symbol, unknown>)[PATCHED] !== true) {
    throw new Error('dynalite was loaded before the sandbox could patch it; load it only through main/sandbox/dynalite-patch.ts.');
  }
  return requireHere('dynalite') as typeof dynaliteFactory;
}

function compilePatched(path: string): NodeJS.Module {
  const source = patchDynaliteSource(readFileSync(path, 'utf8'));
  const module = new Module(path);
  module.filename = path;
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: path });
  wrapper.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  Object.defineProperty(module.exports, PATCHED, { value: true });
  module.loaded = true;
  return module;
}
