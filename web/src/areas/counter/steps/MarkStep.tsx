import { Alert, Button, Card, Col, Descriptions, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../app/StatusTag';
import { MarkQr } from '../MarkQr';
import type { InspectionResult } from '../types';
import { StepHeading } from './StepHeading';

/**
 * Step 6: the inspection mark. An accepted parcel's signed mark, with its QR code, ready for the print view; any
 * other outcome says what became of the parcel.
 */
export function MarkStep({
  result,
  onPrint,
  onNextSender,
}: {
  result: InspectionResult;
  onPrint: () => void;
  onNextSender: () => void;
}) {
  const { t } = useTranslation('counter');
  if (result.mark === null) {
    return (
      <Card>
        <StepHeading>{t('mark.noMarkTitle', { waybillNo: result.waybillNo })}</StepHeading>
        <Alert
          type={result.outcome === 'prohibited-found' ? 'error' : 'warning'}
          showIcon
          role="alert"
          title={
            <>
              <StatusTag tone="warn">{t(`outcome.${result.outcome}`)}</StatusTag> {t('mark.noMark')}
            </>
          }
          description={
            result.reasons.length === 0 ? undefined : (
              <ul aria-label={t('decision.reasonsLabel')} style={{ margin: 0 }}>
                {result.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )
          }
        />
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Button type="primary" onClick={onNextSender}>
            {t('flow.nextSender')}
          </Button>
        </Flex>
      </Card>
    );
  }
  return (
    <Card>
      <StepHeading>{t('mark.title', { waybillNo: result.waybillNo })}</StepHeading>
      <Row gutter={24} align="middle">
        <Col xs={24} md={10} style={{ textAlign: 'center' }}>
          <MarkQr mark={result.mark} waybillNo={result.waybillNo} size={220} />
        </Col>
        <Col xs={24} md={14}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('mark.waybillNo')}>{result.waybillNo}</Descriptions.Item>
            <Descriptions.Item label={t('mark.state')}>
              <StatusTag tone="ok">{t('mark.accepted')}</StatusTag>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph>{t('mark.text')}</Typography.Paragraph>
          <Typography.Paragraph code style={{ wordBreak: 'break-all' }}>
            {result.mark}
          </Typography.Paragraph>
          <Flex gap={8} wrap justify="flex-end">
            <Button onClick={onNextSender}>{t('flow.nextParcel')}</Button>
            <Button type="primary" onClick={onPrint}>
              {t('mark.openPrint')}
            </Button>
          </Flex>
        </Col>
      </Row>
    </Card>
  );
}
