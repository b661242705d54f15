import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ErrorPayload } from '../../../../../common/result.js';
import { type FailedStage, SearchFailedView } from '../../../../../renderer/src/features/search/search-failed-view.js';
import { NHS_NUMBER } from '../../support/fixtures.js';

function renderFailed(stage: FailedStage, error: ErrorPayload) {
  const handlers = { onTryAgain: vi.fn<() => void>(), onSearchAgain: vi.fn<() => void>(), onStartAgain: vi.fn<() => void>() };
  render(<SearchFailedView stage={stage} nhsNumber={NHS_NUMBER} error={error} {...handlers} />);
  return { ...handlers, user: userEvent.setup() };
}

function buttons(): ReadonlyArray<string> {
  return screen.getAllByRole('button').map((button) => button.textContent);
}

describe('the search-failed view', () => {
  it.each([
    ['patient-not-found', 'No patient has this NHS number.'],
    ['patient-number-superseded', 'This NHS number has been replaced. Search with the new number.'],
    ['not-permitted', 'You cannot see this patient.'],
    ['invalid-nhs-number', 'This is not a valid NHS number.'],
    ['session-expired', 'Your session has ended.'],
  ] as const)("says %s in main's words, with Search again only", (code, message) => {
    renderFailed('patient', { code, message });
    expect(screen.getByRole('alert').textContent).toContain(message);
    expect(document.activeElement).toBe(screen.getByRole('alert').parentElement);
    expect(buttons()).toEqual(['Search again']);
  });

  it('offers Try again when the look-up itself failed', async () => {
    const { onTryAgain, onSearchAgain, user } = renderFailed('patient', { code: 'patient-lookup-failed', message: 'PDS could not be reached.' });
    expect(buttons()).toEqual(['Try again', 'Search again']);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(onTryAgain).toHaveBeenCalledOnce();
    expect(onSearchAgain).toHaveBeenCalledOnce();
  });

  it('offers Try again and Start again when the documents could not be listed', async () => {
    const { onStartAgain, user } = renderFailed('documents', { code: 'unreachable', message: 'The document store could not be reached.' });
    expect(screen.getByText('The list of documents could not be fetched.')).toBeDefined();
    expect(buttons()).toEqual(['Try again', 'Start again']);
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(onStartAgain).toHaveBeenCalledOnce();
  });
});
