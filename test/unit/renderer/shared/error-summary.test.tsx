import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ErrorSummary } from '../../../../renderer/src/shared/error-summary.js';
import { FocusLink } from '../../../../renderer/src/shared/focus-link.js';

describe('ErrorSummary', () => {
  it('announces "There is a problem" with its message, and takes focus when asked', () => {
    render(
      <ErrorSummary autoFocus>
        <p>The document store could not be reached.</p>
      </ErrorSummary>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('There is a problem');
    expect(alert.textContent).toContain('The document store could not be reached.');
    expect(document.activeElement).toBe(alert.parentElement);
  });

  it('leaves focus alone when it is only informing', () => {
    render(
      <ErrorSummary>
        <p>Some files are not available.</p>
      </ErrorSummary>,
    );
    expect(document.activeElement).toBe(document.body);
  });

  it('moves focus to the field its link names', async () => {
    const user = userEvent.setup();
    render(
      <>
        <ErrorSummary>
          <FocusLink targetId="nhs-number">Enter an NHS number</FocusLink>
        </ErrorSummary>
        <input id="nhs-number" aria-label="NHS number" />
      </>,
    );
    await user.click(screen.getByRole('link', { name: 'Enter an NHS number' }));
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'NHS number' }));
  });
});
