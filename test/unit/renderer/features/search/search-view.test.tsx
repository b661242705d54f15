import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SearchView } from '../../../../../renderer/src/features/search/search-view.js';

function renderForm(initialNhsNumber = '') {
  const onSearch = vi.fn<(nhsNumber: string) => void>();
  render(<SearchView initialNhsNumber={initialNhsNumber} onSearch={onSearch} />);
  return { onSearch, user: userEvent.setup(), field: screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }) };
}

describe('the search form', () => {
  it('asks for an NHS number with a heading that takes focus', () => {
    renderForm();
    const heading = screen.getByRole('heading', { level: 1, name: "Search for a patient's documents" });
    expect(document.activeElement).toBe(heading);
    expect(document.title).toBe("Search for a patient's documents – Document Store Desktop");
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps an empty submit from main and says what is missing, in the summary and at the field', async () => {
    const { onSearch, user, field } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Search' }));

    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('There is a problem');
    expect(screen.getByRole('link', { name: /^Enter an NHS number/u })).toBeDefined();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('nhs-number-error')?.textContent).toContain('Enter an NHS number');
    expect(document.title).toBe("Error: Search for a patient's documents – Document Store Desktop");
    expect(document.activeElement).toBe(summary.parentElement);
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('says a number with letters is not an NHS number', async () => {
    const { onSearch, user, field } = renderForm();
    await user.type(field, '943A765919');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('link', { name: /"943A765919" is not an NHS number: use digits only/u })).toBeDefined();
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('says when the check digit does not match', async () => {
    const { onSearch, user, field } = renderForm();
    await user.type(field, '943 476 5910');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('link', { name: /is not a valid NHS number: the check digit/u })).toBeDefined();
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('sends the 10 digits of a valid number, however it was spaced, and clears the error', async () => {
    const { onSearch, user, field } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.type(field, '943 476-5919');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onSearch).toHaveBeenCalledExactlyOnceWith('9434765919');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(field.getAttribute('aria-invalid')).toBeNull();
  });

  it('starts with the number of a search the user cancelled', () => {
    const { field } = renderForm('9434765919');
    expect(field.value).toBe('9434765919');
  });
});
