import type { ReactNode } from 'react';

/**
 * A table's horizontal scroll on narrow screens (a tablet held upright), reachable by keyboard: the region takes
 * focus so arrow keys scroll it, and is named for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
