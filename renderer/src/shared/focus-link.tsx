/** A link to an element on the same page that moves focus there, without changing the page address. */
import type { ReactNode } from 'react';

/** Moves focus to the element `targetId` names and scrolls it into view (as the NHS error summary's links do). */
export function FocusLink({ targetId, children }: { readonly targetId: string; readonly children: ReactNode }) {
  return (
    <a
      href={`#${targetId}`}
      onClick={(event) => {
        const target = document.getElementById(targetId);
        if (target !== null) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: 'center' });
        }
      }}
    >
      {children}
    </a>
  );
}
