/** Tells main the person is using the window, so the idle time-out starts again: at most once a minute. */
import { useEffect, useRef } from 'react';

/** The least time between two reports: the idle time-out is counted in minutes, so once a minute is enough. */
export const ACTIVITY_REPORT_INTERVAL_MS = 60_000;

export interface ActivityReportOptions {
  /** Report only while someone is signed in. */
  readonly enabled: boolean;
  /** The clock, injected by tests. */
  readonly now?: () => number;
}

/**
 * Calls `report` on a key press or pointer press anywhere in the window, at most once per interval (the first at
 * once). Listens in the capture phase, so a control that stops an event from bubbling still counts as activity.
 */
export function useActivityReport(report: () => void, { enabled, now = Date.now }: ActivityReportOptions): void {
  const lastReport = useRef<number | null>(null);
  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const onActivity = () => {
      const at = now();
      if (lastReport.current === null || at - lastReport.current >= ACTIVITY_REPORT_INTERVAL_MS) {
        lastReport.current = at;
        report();
      }
    };
    const options = { capture: true, passive: true } as const;
    window.addEventListener('keydown', onActivity, options);
    window.addEventListener('pointerdown', onActivity, options);
    return () => {
      window.removeEventListener('keydown', onActivity, options);
      window.removeEventListener('pointerdown', onActivity, options);
    };
  }, [enabled, now, report]);
}
