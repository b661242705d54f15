/** The sign-in address as text to copy, for people whose browser did not open by itself. */

export interface SignInAddressProps {
  readonly url: string;
  readonly id: string;
}

/** A read-only box with the address, selected whole when it takes focus so it can be copied in one go. */
export function SignInAddress({ url, id }: SignInAddressProps) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        If your browser did not open, copy this address into it
      </label>
      <textarea
        className="nhsuk-textarea app-sign-in-address"
        id={id}
        rows={3}
        readOnly
        spellCheck={false}
        value={url}
        onFocus={(event) => event.currentTarget.select()}
      />
    </div>
  );
}
