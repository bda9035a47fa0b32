import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** Every page's heading (one h1 per page, for screen readers) and its actions on the right. */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <Flex align="center" justify="space-between" wrap gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
