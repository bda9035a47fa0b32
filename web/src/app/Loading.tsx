import { Spin } from 'antd';

/**
 * A spinner that screen readers announce: Ant's Spin is a plain div, on which an aria-label is not allowed, so
 * the name sits on a status region around it.
 */
export function Loading({ label, fullscreen = false }: { label: string; fullscreen?: boolean }) {
  return (
    <div
      role="status"
      aria-label={label}
      style={fullscreen ? undefined : { padding: 24, textAlign: 'center' }}
    >
      <Spin fullscreen={fullscreen} />
    </div>
  );
}
