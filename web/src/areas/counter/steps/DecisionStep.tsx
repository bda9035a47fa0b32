import { Alert, Button, Card, Flex, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../app/StatusTag';
import type { IntakeResult, Verdict } from '../types';
import { VERDICT_TONE } from './ItemScreening';
import { StepHeading } from './StepHeading';
import { StopNotice } from './StopNotice';

/** The refusal's reason as a key of counter:refusal.*: prohibited items, or the identity gate's reason. */
function refusalKey(result: IntakeResult): string | null {
  if (result.items.some((item) => item.verdict === 'prohibited')) return 'prohibited-items';
  const identity = result.reasons.find((reason) => reason.startsWith('identity: '));
  const code = identity?.slice('identity: '.length).split(' ')[0];
  return code === undefined || code === '' ? null : code;
}

/**
 * Step 4: the decision. Refuse: what to tell the sender and why. Hold: refer to a supervisor, nothing more.
 * Inspect: what to look for, then on to the inspection.
 */
export function DecisionStep({
  result,
  onInspect,
  onNextSender,
}: {
  result: IntakeResult;
  onInspect: () => void;
  onNextSender: () => void;
}) {
  const { t } = useTranslation('counter');
  return (
    <Card>
      <StepHeading>{t('decision.title', { waybillNo: result.waybillNo })}</StepHeading>
      {result.decision === 'hold' ? (
        <StopNotice decision="hold" onNext={onNextSender} />
      ) : result.decision === 'refuse' ? (
        <StopNotice
          decision="refuse"
          reasonKey={refusalKey(result)}
          counterMessage={result.counterMessage}
          details={result.reasons}
          onNext={onNextSender}
        />
      ) : (
        <Flex vertical gap={16}>
          <Alert
            type="info"
            showIcon
            role="status"
            title={
              <>
                <StatusTag tone="info">{t('decision.inspect')}</StatusTag> {result.counterMessage}
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
          <List
            header={<strong>{t('decision.itemsTitle')}</strong>}
            bordered
            size="small"
            dataSource={result.items}
            renderItem={(item) => (
              <List.Item>
                <Flex gap={8} wrap align="center">
                  <span>{item.description}</span>
                  <StatusTag tone={VERDICT_TONE[item.verdict as Verdict] ?? 'neutral'}>
                    {t(`verdict.${item.verdict}`)}
                  </StatusTag>
                </Flex>
              </List.Item>
            )}
          />
          <Flex justify="flex-end">
            <Button type="primary" onClick={onInspect}>
              {t('decision.goInspect')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
