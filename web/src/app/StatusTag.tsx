import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** Status colours dark enough for white text at WCAG AA (Ant Design's light tag palettes are not). */
const TONES = {
  ok: '#237804',
  warn: '#ad4e00',
  bad: '#a8071a',
  info: '#1f5fbf',
  neutral: '#595959',
} as const;
export type Tone = keyof typeof TONES;

export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Tag color={TONES[tone]} style={{ marginInlineEnd: 4 }}>
      {children}
    </Tag>
  );
}
