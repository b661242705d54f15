/** A table as the text the user reads: one array per row, one string per cell (header cells included). */
import { within } from '@testing-library/react';

export function tableText(table: HTMLElement): ReadonlyArray<ReadonlyArray<string>> {
  return within(table)
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
}
