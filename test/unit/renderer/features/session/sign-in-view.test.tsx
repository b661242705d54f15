import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SignedOutReason } from '../../../../../common/identity.js';
import type { ErrorPayload } from '../../../../../common/result.js';
import { SignInView } from '../../../../../renderer/src/features/session/sign-in-view.js';

function renderSignIn(reason: SignedOutReason, problem: ErrorPayload | null = null, starting = false) {
  const onSignIn = vi.fn<() => void>();
  render(<SignInView reason={reason} problem={problem} starting={starting} onSignIn={onSignIn} />);
  return { onSignIn, user: userEvent.setup() };
}

describe('the sign-in page', () => {
  it('asks the person to sign in with NHS Care Identity, with focus on its heading', async () => {
    const { onSignIn, user } = renderSignIn('never');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Sign in to Document Store Desktop' }));
    expect(document.title).toBe('Sign in to Document Store Desktop – Document Store Desktop');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in with NHS Care Identity' }));
    expect(onSignIn).toHaveBeenCalledOnce();
  });

  it.each([
    ['idle', 'You were signed out because the app was not used for a while. Sign in again to continue.'],
    ['expired', 'Your session has ended. Sign in again to continue.'],
    ['signed-out', 'You have signed out.'],
  ] as const)('says why the person is signed out (%s)', (reason, words) => {
    renderSignIn(reason);
    expect(screen.getByText(words)).toBeDefined();
  });

  it("shows a failed sign-in in an error summary, in main's words, and moves focus to it", () => {
    renderSignIn('never', { code: 'no-recognised-role', message: 'None of your NHS Care Identity roles can use this app.' });
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('There is a problem');
    expect(summary.textContent).toContain('None of your NHS Care Identity roles can use this app.');
    expect(document.activeElement).toBe(summary.parentElement);
    expect(document.title).toBe('Error: Sign in to Document Store Desktop – Document Store Desktop');
  });

  it('says the browser is opening, and takes no second press meanwhile', () => {
    renderSignIn('never', null, true);
    expect(screen.getByRole('status').textContent).toBe('Opening the sign-in page in your browser…');
    expect(screen.getByRole('button', { name: 'Sign in with NHS Care Identity' }).hasAttribute('disabled')).toBe(true);
  });
});
