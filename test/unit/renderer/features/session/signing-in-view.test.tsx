import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SigningInView } from '../../../../../renderer/src/features/session/signing-in-view.js';

const URL = 'http://127.0.0.1:53682/authorize?client_id=document-store-desktop&state=abc';

describe('the signing-in page', () => {
  it('sends the person to their browser, gives the address to copy, and can be cancelled', async () => {
    const onCancel = vi.fn<() => void>();
    render(<SigningInView url={URL} onCancel={onCancel} />);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Continue signing in in your browser' }));
    const address = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'If your browser did not open, copy this address into it' });
    expect(address.value).toBe(URL);
    expect(address.readOnly).toBe(true);

    const user = userEvent.setup();
    await user.click(address);
    // Selected whole, so one copy takes all of it.
    expect([address.selectionStart, address.selectionEnd]).toEqual([0, URL.length]);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
