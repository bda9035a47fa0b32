import { Button, Card, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../app/PageHeader';
import './counter-print.css';
import { MarkQr } from './MarkQr';
import type { PrintableMark } from './types';

/**
 * The print view of an inspection mark: the waybill number, the mark as a QR code and as text. Printing shows
 * only the sheet (print CSS). The mark is held in memory, never in the URL or browser storage.
 */
export function PrintView({ printable, onDone }: { printable: PrintableMark | null; onDone: () => void }) {
  const { t } = useTranslation('counter');
  const navigate = useNavigate();
  const back = () => {
    onDone();
    void navigate('/counter');
  };
  return (
    <>
      <PageHeader
        title={t('print.title')}
        extra={
          <Flex gap={8} wrap>
            <Button onClick={back}>{t('print.back')}</Button>
            {printable === null ? null : (
              <Button type="primary" onClick={() => window.print()}>
                {t('print.print')}
              </Button>
            )}
          </Flex>
        }
      />
      {printable === null ? (
        <Card>
          <Empty description={t('print.nothing')} />
        </Card>
      ) : (
        <Card className="counter-print-sheet" style={{ maxWidth: 560, margin: '0 auto' }}>
          <Flex vertical align="center" gap={12}>
            <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
              {t('print.sheetTitle')}
            </Typography.Title>
            <div>
              <span>{t('print.waybillNo')}</span>{' '}
              <strong style={{ fontSize: 22, letterSpacing: 1 }}>{printable.waybillNo}</strong>
            </div>
            <MarkQr mark={printable.mark} waybillNo={printable.waybillNo} size={280} />
            <figure style={{ margin: 0, width: '100%' }}>
              <figcaption>{t('print.markText')}</figcaption>
              <code style={{ display: 'block', wordBreak: 'break-all', fontSize: 12 }}>{printable.mark}</code>
            </figure>
          </Flex>
        </Card>
      )}
    </>
  );
}
