import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ErrorPayload } from '../../../../../common/result.js';
import { ChooseRoleView } from '../../../../../renderer/src/features/session/choose-role-view.js';
import { GP_ADMIN_ROLE, GP_CLINICAL_ROLE } from '../../support/fixtures.js';

function renderChoice(problem: ErrorPayload | null = null) {
  const onChoose = vi.fn<(personRoleId: string) => void>();
  render(<ChooseRoleView name="Alex Morgan" roles={[GP_ADMIN_ROLE, GP_CLINICAL_ROLE]} problem={problem} onChoose={onChoose} />);
  return { onChoose, user: userEvent.setup() };
}

describe('the choose-role page', () => {
  it('lists each role with its organisation and ODS code, with focus on its heading', () => {
    renderChoice();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Choose your role' }));
    expect(screen.getByRole('group', { name: 'Choose your role' })).toBeDefined();
    const admin = screen.getByRole('radio', { name: 'GP practice administrator' });
    expect(admin.getAttribute('aria-describedby')).not.toBeNull();
    expect(document.getElementById(admin.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Riverside Surgery (A12345) – Admin and Clerical');
    const clinician = screen.getByRole('radio', { name: 'GP practice clinician' });
    expect(document.getElementById(clinician.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Hillside Medical Centre (B67890) – Clinical Practitioner');
  });

  it('says a role must be chosen when Continue is pressed with none', async () => {
    const { onChoose, user } = renderChoice();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const summary = screen.getByRole('alert');
    expect(document.activeElement).toBe(summary.parentElement);
    await user.click(screen.getByRole('link', { name: 'Select the role you are working in' }));
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'GP practice administrator' }));
    expect(document.getElementById('role-error')?.textContent).toContain('Select the role you are working in');
    expect(document.title).toBe('Error: Choose your role – Document Store Desktop');
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('continues with the role chosen', async () => {
    const { onChoose, user } = renderChoice();
    await user.click(screen.getByRole('radio', { name: 'GP practice clinician' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onChoose).toHaveBeenCalledExactlyOnceWith(GP_CLINICAL_ROLE.personRoleId);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows a role main would not take in main's words", () => {
    renderChoice({ code: 'sign-in-failed', message: 'That role could not be used. Sign in again.' });
    expect(screen.getByRole('alert').textContent).toContain('That role could not be used. Sign in again.');
  });
});
