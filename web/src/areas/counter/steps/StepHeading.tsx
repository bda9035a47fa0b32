import { Typography } from 'antd';
import { useEffect, useRef } from 'react';

/**
 * A step's heading (h2). It takes the focus when the step opens, so a keyboard or screen-reader user lands at
 * the start of the new step instead of on a button that is gone.
 */
export function StepHeading({ children, autoFocus = true }: { children: string; autoFocus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  return (
    <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0, outline: 'none' }}>
      <span ref={ref} tabIndex={-1}>
        {children}
      </span>
    </Typography.Title>
  );
}
