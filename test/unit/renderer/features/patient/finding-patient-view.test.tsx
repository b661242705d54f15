import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FindingPatientView } from '../../../../../renderer/src/features/patient/finding-patient-view.js';
import { NHS_NUMBER } from '../../support/fixtures.js';

describe('the finding-the-patient view', () => {
  it('says what is happening for which number, and offers a way out', async () => {
    const onCancel = vi.fn<() => void>();
    render(<FindingPatientView nhsNumber={NHS_NUMBER} onCancel={onCancel} />);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Finding the patient' }));
    expect(screen.getByText('NHS number 943 476 5919')).toBeDefined();
    expect(screen.getByRole('progressbar', { name: 'Finding the patient' })).toBeDefined();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
