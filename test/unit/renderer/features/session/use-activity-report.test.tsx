import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ACTIVITY_REPORT_INTERVAL_MS, useActivityReport } from '../../../../../renderer/src/features/session/use-activity-report.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

function Reporter({ report, enabled, now }: { readonly report: () => void; readonly enabled: boolean; readonly now: () => number }) {
  useActivityReport(report, { enabled, now });
  return <button type="button">Somewhere</button>;
}

describe('reporting activity', () => {
  it('reports the first key or pointer press at once, then at most once a minute', () => {
    const clock = manualClock();
    const report = vi.fn<() => void>();
    render(<Reporter report={report} enabled now={clock.now} />);

    fireEvent.keyDown(window, { key: 'a' });
    expect(report).toHaveBeenCalledTimes(1);
    clock.advance(ACTIVITY_REPORT_INTERVAL_MS - 1);
    fireEvent.pointerDown(document.body);
    fireEvent.keyDown(document.body, { key: 'Tab' });
    expect(report).toHaveBeenCalledTimes(1);

    clock.advance(1);
    fireEvent.pointerDown(document.body);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it('counts a press a control stops from bubbling', () => {
    const clock = manualClock();
    const report = vi.fn<() => void>();
    const { getByRole } = render(<Reporter report={report} enabled now={clock.now} />);
    const button = getByRole('button');
    button.addEventListener('keydown', (event) => event.stopPropagation());
    fireEvent.keyDown(button, { key: 'Enter' });
    expect(report).toHaveBeenCalledOnce();
  });

  it('reports nothing while no one is signed in, and stops when the window is closed', () => {
    const clock = manualClock();
    const report = vi.fn<() => void>();
    const { rerender, unmount } = render(<Reporter report={report} enabled={false} now={clock.now} />);
    fireEvent.keyDown(window, { key: 'a' });
    expect(report).not.toHaveBeenCalled();

    rerender(<Reporter report={report} enabled now={clock.now} />);
    fireEvent.keyDown(window, { key: 'a' });
    expect(report).toHaveBeenCalledOnce();
    unmount();
    clock.advance(ACTIVITY_REPORT_INTERVAL_MS);
    fireEvent.keyDown(window, { key: 'a' });
    expect(report).toHaveBeenCalledOnce();
  });
});
