import { Alert, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../app/StatusTag';

/**
 * A stop at the counter: a refusal with what to tell the sender, or a hold that says only to refer to a
 * supervisor (why a sender is held is for security officers, never the counter).
 */
export function StopNotice({
  decision,
  reasonKey,
  counterMessage,
  details,
  onNext,
}: {
  decision: 'refuse' | 'hold';
  /** A key of counter:refusal.* naming the reason, when the API gave one. */
  reasonKey?: string | null;
  /** The API's own words for the counter (refusals only). */
  counterMessage?: string;
  /** Further lines the courier may read out (a refusal's reasons). */
  details?: string[];
  onNext: () => void;
}) {
  const { t } = useTranslation('counter');
  if (decision === 'hold') {
    return (
      <Flex vertical gap={16}>
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={
            <>
              <StatusTag tone="warn">{t('decision.hold')}</StatusTag> {t('hold.message')}
            </>
          }
        />
        <Flex justify="flex-end">
          <Button type="primary" onClick={onNext}>
            {t('flow.nextSender')}
          </Button>
        </Flex>
      </Flex>
    );
  }
  return (
    <Flex vertical gap={16}>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={
          <>
            <StatusTag tone="bad">{t('decision.refuse')}</StatusTag>{' '}
            {reasonKey === undefined || reasonKey === null ? t('refusal.generic') : t(`refusal.${reasonKey}`)}
          </>
        }
        description={
          <>
            {counterMessage === undefined ? null : (
              <p style={{ margin: 0 }}>
                {t('refusal.tellSender')} {counterMessage}
              </p>
            )}
            {details === undefined || details.length === 0 ? null : (
              <ul aria-label={t('refusal.detailsLabel')} style={{ margin: '8px 0 0' }}>
                {details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </>
        }
      />
      <Flex justify="flex-end">
        <Button type="primary" onClick={onNext}>
          {t('flow.nextSender')}
        </Button>
      </Flex>
    </Flex>
  );
}
