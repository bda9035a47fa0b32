import { Typography } from 'antd';

/** A card's title as a level-2 heading under the page's h1, so screen readers can jump between the parts. */
export function CardHeading({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}
