/**
 * "Check the patient's details": who PDS says the number belongs to, before any document is listed, and whether
 * the signed-in person may see their documents at all.
 */
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import type { PatientLookup } from '../../../../common/patient.js';
import { formatCalendarDate, NOT_RECORDED } from '../../shared/format.js';
import { SummaryRow } from '../../shared/summary-row.js';
import { useDocumentTitle, useFocusOnMount } from '../../shared/use-focus.js';
import { ADDRESS_WITHHELD, describeGender, describeGpPractice, describeStatus } from './patient-words.js';

export interface ConfirmPatientViewProps {
  readonly lookup: PatientLookup;
  /** "Confirm this is the right patient": lists their documents. */
  readonly onConfirm: () => void;
  /** Back to the form with the number typed. */
  readonly onSearchAgain: () => void;
}

const TITLE = "Check the patient's details";

/** Refusals come from main with their reason; this is said only if one ever comes without. */
const REFUSED = "You cannot see this patient's documents.";

/** The patient's details as a summary list, then confirm or search again (or, when refused, why and search again). */
export function ConfirmPatientView({ lookup, onConfirm, onSearchAgain }: ConfirmPatientViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(TITLE);
  const { patient, access, replacedNhsNumber } = lookup;
  // The details run below the fold on a laptop: the documents page that follows starts at its top, not where the
  // Confirm button was, so its Download button is in view without scrolling back.
  const confirm = (): void => {
    window.scrollTo(0, 0);
    onConfirm();
  };
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {TITLE}
      </h1>
      {replacedNhsNumber === undefined ? null : (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            NHS number {formatNhsNumber(replacedNhsNumber)} has been replaced by {formatNhsNumber(patient.nhsNumber)}; showing the current record.
          </p>
        </div>
      )}
      <dl className="nhsuk-summary-list app-patient-details">
        <SummaryRow term="NHS number" value={formatNhsNumber(patient.nhsNumber)} />
        <SummaryRow term="Name" value={patient.name === '' ? NOT_RECORDED : patient.name} />
        <SummaryRow term="Date of birth" value={formatCalendarDate(patient.birthDate)} />
        <SummaryRow term="Gender" value={describeGender(patient.gender)} />
        <SummaryRow term="GP practice" value={describeGpPractice(patient.gp)} />
        <SummaryRow term="Status" value={describeStatus(patient)} />
        {patient.restricted ? (
          <SummaryRow term="Address" value={ADDRESS_WITHHELD} />
        ) : (
          <>
            <SummaryRow term="Address" value={patient.address ?? NOT_RECORDED} />
            <SummaryRow term="Postcode" value={patient.postcode ?? NOT_RECORDED} />
          </>
        )}
      </dl>
      {access.maySearch ? (
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button" onClick={confirm}>
            Confirm this is the right patient
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onSearchAgain}>
            Search again
          </button>
        </div>
      ) : (
        <>
          <div className="nhsuk-card nhsuk-card--warning">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                You cannot see this patient&apos;s documents
              </h2>
              <p>{access.reason ?? REFUSED}</p>
            </div>
          </div>
          <button type="button" className="nhsuk-button" onClick={onSearchAgain}>
            Search again
          </button>
        </>
      )}
    </>
  );
}
