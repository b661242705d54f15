// Two-, three- and four-byte characters, so characters, UTF-16 units and UTF-8 bytes all differ.
const SYLLABLES = ['Überweisung ', 'Kardiologie ', '心電図 ', 'Ørsted ', '🩺 ', 'Zürich–Genève '];

/** A document name of `length` code points ending `.pdf`, different for each index. */
export function multiByteName(index: number, length = 150): string {
  const stem = length - '.pdf'.length;
  const codePoints = Array.from(`${index} `);
  for (let syllable = index; codePoints.length < stem; syllable += 1) {
    codePoints.push(...Array.from(SYLLABLES[syllable % SYLLABLES.length] ?? ''));
  }
  return `${codePoints.slice(0, stem).join('')}.pdf`;
}
