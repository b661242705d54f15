/**
 * Policy fields the schema does not know, told apart: a likely misspelling of a known field (an error: IT meant that
 * setting) or a field of a newer version (a warning: ignoring it is safe).
 */

/** Fields the schema does not know, each with the known field it was probably meant to be. */
export function unknownPolicyFields(
  json: unknown,
  known: ReadonlyMap<string, ReadonlyArray<string>>,
): Array<{ readonly field: string; readonly suggestion?: string }> {
  const unknown: Array<{ field: string; suggestion?: string }> = [];
  for (const [objectPath, names] of known) {
    const object = objectPath === '' ? json : objectAt(json, objectPath);
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      continue;
    }
    for (const key of Object.keys(object).filter((name) => !names.includes(name))) {
      const suggestion = names.find((name) => isLikelyMisspelling(key, name));
      const field = objectPath === '' ? key : `${objectPath}.${key}`;
      unknown.push(suggestion === undefined ? { field } : { field, suggestion: objectPath === '' ? suggestion : `${objectPath}.${suggestion}` });
    }
  }
  return unknown;
}

// The same name in another case, or a letter or two added, dropped or changed (fewer for short names: "sts" is not "s3").
function isLikelyMisspelling(key: string, known: string): boolean {
  return editDistance(key.toLowerCase(), known.toLowerCase()) <= Math.min(2, Math.floor(known.length / 4));
}

// Levenshtein distance, one row at a time.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 0; i < a.length; i += 1) {
    const current = [i + 1];
    for (let j = 0; j < b.length; j += 1) {
      current.push(Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, (previous[j] ?? 0) + (a[i] === b[j] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function objectAt(json: unknown, key: string): unknown {
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
}
