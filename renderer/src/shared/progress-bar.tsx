/** The progress bar the search and the download show: determinate with a value, otherwise activity only. */

export interface ProgressBarProps {
  /** The accessible name, e.g. "Download progress". */
  readonly label: string;
  /** 0 to 100; leave out while the amount of work is unknown (the bar then only shows activity). */
  readonly value?: number;
  /** The value in words for screen readers, e.g. "40%, Adding documents to the ZIP". */
  readonly valueText?: string;
}

/** A progress bar with role=progressbar and its values, drawn with CSS (its width is set through the CSSOM). */
export function ProgressBar({ label, value, valueText }: ProgressBarProps) {
  const indeterminate = value === undefined;
  return (
    <div
      className="app-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={valueText}
    >
      <div
        className={indeterminate ? 'app-progress__bar app-progress__bar--indeterminate' : 'app-progress__bar'}
        style={indeterminate ? undefined : { width: `${value}%` }}
      />
    </div>
  );
}
