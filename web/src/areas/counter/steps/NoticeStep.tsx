import { Button, Card, Checkbox, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepHeading } from './StepHeading';

/** The notice's headings, in the order of the 2016 prohibited-items directory (keys of counter:notice.items). */
const NOTICE_ITEMS = [
  'firearms',
  'explosives',
  'instruments',
  'dangerous',
  'narcotics',
  'security',
  'forgeries',
  'wildlife',
  'other',
] as const;

/** Step 1: the prohibited-items notice, shown to the sender and acknowledged before anything else. */
export function NoticeStep({ onAcknowledged }: { onAcknowledged: () => void }) {
  const { t } = useTranslation('counter');
  const [acknowledged, setAcknowledged] = useState(false);
  const [missing, setMissing] = useState(false);
  return (
    <Card>
      <StepHeading>{t('notice.title')}</StepHeading>
      <Typography.Paragraph>{t('notice.intro')}</Typography.Paragraph>
      <ul aria-label={t('notice.listLabel')}>
        {NOTICE_ITEMS.map((item) => (
          <li key={item}>{t(`notice.items.${item}`)}</li>
        ))}
      </ul>
      <Typography.Paragraph>{t('notice.inspection')}</Typography.Paragraph>
      <Typography.Paragraph>{t('notice.realName')}</Typography.Paragraph>
      <Form
        layout="vertical"
        onFinish={() => {
          if (acknowledged) onAcknowledged();
          else setMissing(true);
        }}
      >
        <Form.Item
          validateStatus={missing && !acknowledged ? 'error' : undefined}
          help={missing && !acknowledged ? t('notice.required') : undefined}
        >
          <Checkbox checked={acknowledged} onChange={(event) => setAcknowledged(event.target.checked)}>
            {t('notice.acknowledge')}
          </Checkbox>
        </Form.Item>
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit">
            {t('notice.continue')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
