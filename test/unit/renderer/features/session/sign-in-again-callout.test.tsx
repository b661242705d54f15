import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SignInAgainCallout } from '../../../../../renderer/src/features/session/sign-in-again-callout.js';

describe('the sign-in-again callout', () => {
  it('says the download will carry on once the person signs in again, and takes focus', async () => {
    const onSignIn = vi.fn<() => void>();
    render(<SignInAgainCallout stage="ended" downloadWaiting starting={false} problem={null} onSignIn={onSignIn} />);
    const callout = screen.getByRole('region', { name: 'Important: Sign in again to continue' });
    expect(callout.classList.contains('nhsuk-card--warning')).toBe(true);
    expect(document.activeElement).toBe(callout);
    expect(screen.getByText('Your session has ended. Sign in again to continue — the download will carry on where it stopped.')).toBeDefined();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(onSignIn).toHaveBeenCalledOnce();
  });

  it('promises no download when none is waiting, and shows why the last sign-in failed', () => {
    render(<SignInAgainCallout stage="ended" downloadWaiting={false} starting={false} problem="The sign-in could not be completed." onSignIn={vi.fn()} />);
    expect(screen.getByText('Your session has ended. Sign in again to continue.')).toBeDefined();
    expect(screen.getByRole('alert').textContent).toBe('The sign-in could not be completed.');
  });

  it('while the sign-in is open in the browser, gives the address and Cancel', async () => {
    const onCancel = vi.fn<() => void>();
    render(<SignInAgainCallout stage="signing-in" url="http://127.0.0.1:5000/authorize" onCancel={onCancel} />);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'If your browser did not open, copy this address into it' }).value).toBe(
      'http://127.0.0.1:5000/authorize',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
