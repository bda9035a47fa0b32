import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';

// Ant Design derives some colours from seeds the console's theme does not darken: links from colorInfo
// (#1677ff, 4.1:1 on white), hovers from a lighter step of the primary (#417dcc, 4.2:1) and danger from #ff4d4f
// (3.3:1), all short of WCAG AA. These pages use AA-safe ones. (Better set once in the app's theme.)
const COLOURS = {
  token: {
    colorLink: '#1f5fbf',
    colorLinkHover: '#2b6cd1',
    colorPrimaryHover: '#2b6cd1',
    colorError: '#cf1322',
  },
};

export function AccessibleColours({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={COLOURS}>{children}</ConfigProvider>;
}
