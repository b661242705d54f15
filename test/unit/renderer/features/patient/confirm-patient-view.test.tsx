import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PatientLookup } from '../../../../../common/patient.js';
import { ConfirmPatientView } from '../../../../../renderer/src/features/patient/confirm-patient-view.js';
import { patientLookup } from '../../support/fixtures.js';

function renderConfirm(lookup: PatientLookup) {
  const onConfirm = vi.fn<() => void>();
  const onSearchAgain = vi.fn<() => void>();
  render(<ConfirmPatientView lookup={lookup} onConfirm={onConfirm} onSearchAgain={onSearchAgain} />);
  return { onConfirm, onSearchAgain, user: userEvent.setup() };
}

/** The summary list as term → value. */
function details(): Readonly<Record<string, string>> {
  const list = document.querySelector('dl.nhsuk-summary-list');
  if (list === null) {
    throw new Error('No summary list');
  }
  return Object.fromEntries(
    [...list.querySelectorAll('.nhsuk-summary-list__row')].map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']),
  );
}

describe('the confirm-patient view', () => {
  it("shows the patient's details, with focus on its heading", () => {
    renderConfirm(patientLookup());
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: "Check the patient's details" }));
    expect(document.title).toBe("Check the patient's details – Document Store Desktop");
    expect(details()).toEqual({
      'NHS number': '943 476 5919',
      Name: 'Jane SMITH',
      'Date of birth': '3 March 1961',
      Gender: 'Female',
      'GP practice': 'Riverside Surgery (A12345)',
      Status: 'Registered',
      Address: '1 Station Road, Leeds',
      Postcode: 'LS1 4AP',
    });
  });

  it('confirms, or searches again', async () => {
    const { onConfirm, onSearchAgain, user } = renderConfirm(patientLookup());
    await user.click(screen.getByRole('button', { name: 'Confirm this is the right patient' }));
    await user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(onSearchAgain).toHaveBeenCalledOnce();
  });

  it('says when the patient has no registered GP, or has died', () => {
    renderConfirm(patientLookup({}, { gp: null, status: 'inactive' }));
    expect(details()).toMatchObject({ 'GP practice': 'No registered GP', Status: 'No registered GP' });
  });

  it('gives the date of death', () => {
    renderConfirm(patientLookup({}, { status: 'deceased', deceasedDate: '2024-11-09', gender: null, gp: { odsCode: 'A12345', name: null } }));
    expect(details()).toMatchObject({ Status: 'Deceased (9 November 2024)', Gender: 'Not recorded', 'GP practice': 'A12345' });
  });

  it("never shows a restricted patient's address", () => {
    renderConfirm(patientLookup({}, { restricted: true, address: null, postcode: null }));
    expect(details()).toMatchObject({ Address: "Address withheld: this patient's record is restricted." });
    expect(details()).not.toHaveProperty('Postcode');
  });

  it('says when the number typed was replaced by the one shown', () => {
    renderConfirm(patientLookup({ replacedNhsNumber: '9434765919' }, { nhsNumber: '9990000018' }));
    const note = screen.getByText('NHS number 943 476 5919 has been replaced by 999 000 0018; showing the current record.');
    expect(note.closest('.nhsuk-inset-text')).not.toBeNull();
    expect(details()['NHS number']).toBe('999 000 0018');
  });

  it('says why the person may not see this patient, and offers only Search again', async () => {
    const reason = 'This patient is registered at another practice. You can only see patients registered at A12345.';
    const { onSearchAgain, user } = renderConfirm(patientLookup({ access: { maySearch: false, mayDownload: false, reason } }));
    const callout = screen.getByRole('heading', { level: 2, name: "Important: You cannot see this patient's documents" }).closest('.nhsuk-card--warning');
    expect(callout).not.toBeNull();
    expect(within(callout as HTMLElement).getByText(reason)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Confirm this is the right patient' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(onSearchAgain).toHaveBeenCalledOnce();
  });
});
